package dev.cairn.core.search;

import java.util.List;

/** Placeholder until the grammar lands (branch search). */
public final class FilterParser {
  private FilterParser() {}

  public static List<Comparison> parse(SearchScope scope, String filter) {
    return List.of();
  }
}
