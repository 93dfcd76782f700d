package dev.cairn.core.search;

/** Which search a filter or order_by belongs to; each has its own entities and keys. */
public enum SearchScope {
  RUNS,
  EXPERIMENTS
}
