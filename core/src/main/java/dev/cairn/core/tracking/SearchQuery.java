package dev.cairn.core.tracking;

import dev.cairn.api.model.ViewType;
import dev.cairn.core.search.Comparison;
import dev.cairn.core.search.OrderBy;
import java.util.List;

/**
 * A validated search: experiments to search (runs only), filter clauses (AND), order (without
 * tie-breakers: the store appends MLflow's), lifecycle view, page size and offset.
 */
public record SearchQuery(
    List<String> experimentIds,
    List<Comparison> filter,
    List<OrderBy> orderBy,
    ViewType viewType,
    int maxResults,
    int offset) {}
