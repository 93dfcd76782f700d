package dev.cairn.core.models;

import dev.cairn.core.search.Comparison;
import java.util.List;

/**
 * A parsed logged-model search: experiments, filter clauses, optional dataset restriction of metric
 * clauses and metric ordering, ordering, and the page window.
 */
public record LoggedModelQuery(
    List<Long> experimentIds,
    List<Comparison> filter,
    List<Dataset> datasets,
    List<Order> orderBy,
    int offset,
    int maxResults) {

  /** A dataset by name, and digest when given. */
  public record Dataset(String name, String digest) {}

  /**
   * One ordering item: a {@code logged_models} column, or a metric (latest value per model by
   * timestamp then step) when {@code metric} is true; nulls always sort last.
   */
  public record Order(String key, boolean metric, boolean ascending, Dataset dataset) {}
}
