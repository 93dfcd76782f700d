package dev.cairn.core.registry;

import dev.cairn.core.search.Comparison;
import dev.cairn.core.search.OrderBy;
import java.util.List;

/** A parsed registry search (registered models or model versions) and its page window. */
public record RegistryQuery(
    List<Comparison> filter, List<OrderBy> orderBy, int offset, int maxResults) {}
