package dev.cairn.api.model;

import java.util.List;

/** Logged models a run produced. */
public record RunOutputs(List<ModelOutput> modelOutputs) {
  public static final RunOutputs EMPTY = new RunOutputs(List.of());
}
