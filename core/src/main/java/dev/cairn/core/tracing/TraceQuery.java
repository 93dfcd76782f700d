package dev.cairn.core.tracing;

import dev.cairn.core.search.Comparison;
import dev.cairn.core.search.OrderBy;
import java.util.List;

/**
 * One page of a trace search: traces of {@code experimentIds} matching every filter, in {@code
 * orderBy} order (then newest first, then by id), skipping {@code offset} rows.
 */
public record TraceQuery(
    List<String> experimentIds,
    List<Comparison> filters,
    List<OrderBy> orderBy,
    int maxResults,
    int offset) {}
