package dev.cairn.core.tracking;

import java.util.List;

/** A page of results and whether more rows follow it. */
public record Page<T>(List<T> items, boolean hasMore) {}
