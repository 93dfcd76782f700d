package dev.cairn.core.search;

import java.util.List;

/** Placeholder until the grammar lands (branch search). */
public final class OrderByParser {
  private OrderByParser() {}

  public static List<OrderBy> parse(SearchScope scope, List<String> orderBy) {
    return List.of();
  }
}
