package dev.cairn.store.file;

import static dev.cairn.core.search.ComparisonEvaluator.nullsLast;

import dev.cairn.api.model.LoggedModel;
import dev.cairn.api.model.Metric;
import dev.cairn.api.model.Param;
import dev.cairn.core.models.LoggedModelQuery;
import dev.cairn.core.models.LoggedModelQuery.Dataset;
import dev.cairn.core.models.LoggedModelQuery.Order;
import dev.cairn.core.search.Comparison;
import dev.cairn.core.search.ComparisonEvaluator;
import dev.cairn.core.search.Entity;
import dev.cairn.core.tracking.Page;
import java.util.Comparator;
import java.util.List;
import java.util.function.Predicate;

/**
 * A logged-model search in memory, as the SQL stores evaluate it: a metric clause matches when any
 * point of that key satisfies it (on the request's datasets when given); metric ordering uses each
 * model's latest point (by timestamp, then step); nulls sort last; ties break on creation time
 * (newest first) and model id.
 */
final class LoggedModelSearch {
  private LoggedModelSearch() {}

  static Page<LoggedModel> search(List<LoggedModel> all, LoggedModelQuery q) {
    boolean metricClause = q.filter().stream().anyMatch(c -> c.entity() == Entity.METRIC);
    List<LoggedModel> sorted =
        all.stream()
            .filter(TrackingSearch.all(q.filter(), c -> clause(c, q.datasets())))
            .filter(
                m ->
                    metricClause
                        || q.datasets().isEmpty()
                        || m.data().metrics().stream().anyMatch(x -> onDatasets(x, q.datasets())))
            .sorted(order(q.orderBy()))
            .toList();
    return TrackingSearch.page(sorted, q.offset(), q.maxResults());
  }

  private static Predicate<LoggedModel> clause(Comparison c, List<Dataset> datasets) {
    Predicate<Object> holds = ComparisonEvaluator.of(c);
    String key = c.key();
    return switch (c.entity()) {
      case METRIC ->
          m ->
              m.data().metrics().stream()
                  .anyMatch(
                      x -> x.key().equals(key) && onDatasets(x, datasets) && holds.test(x.value()));
      case PARAM -> m -> holds.test(param(m, key));
      case TAG -> m -> holds.test(TrackingSearch.tag(m.info().tags(), key));
      default -> m -> holds.test(column(m, key));
    };
  }

  private static boolean onDatasets(Metric x, List<Dataset> datasets) {
    if (datasets.isEmpty()) {
      return true;
    }
    for (Dataset d : datasets) {
      if (d.name().equals(x.datasetName())
          && (d.digest() == null || d.digest().equals(x.datasetDigest()))) {
        return true;
      }
    }
    return false;
  }

  private static String param(LoggedModel m, String key) {
    for (Param p : m.data().params()) {
      if (p.key().equals(key)) {
        return p.value();
      }
    }
    return null;
  }

  private static Comparable<?> column(LoggedModel m, String key) {
    LoggedModel.Info i = m.info();
    return switch (key) {
      case "model_id" -> i.modelId();
      case "experiment_id" -> i.experimentId();
      case "name" -> i.name();
      case "artifact_location" -> i.artifactUri();
      case "creation_timestamp_ms" -> i.creationTimestampMs();
      case "last_updated_timestamp_ms" -> i.lastUpdatedTimestampMs();
      // MLflow's file store compares the status by name (READY, PENDING, ...)
      case "status" -> i.status() == null ? null : i.status().name().replace("LOGGED_MODEL_", "");
      case "lifecycle_stage" -> "active";
      case "model_type" -> i.modelType();
      case "source_run_id" -> i.sourceRunId();
      case "status_message" -> i.statusMessage();
      default -> null;
    };
  }

  private static Comparator<LoggedModel> order(List<Order> orders) {
    Comparator<LoggedModel> order = (a, b) -> 0;
    boolean creation = false;
    boolean modelId = false;
    for (Order o : orders) {
      if (o.metric()) {
        order = order.thenComparing(nullsLast((LoggedModel m) -> latest(m, o), o.ascending()));
        continue;
      }
      creation |= o.key().equals("creation_timestamp_ms");
      modelId |= o.key().equals("model_id");
      order = order.thenComparing(nullsLast((LoggedModel m) -> column(m, o.key()), o.ascending()));
    }
    if (!creation) {
      order =
          order.thenComparing(nullsLast((LoggedModel m) -> m.info().creationTimestampMs(), false));
    }
    return modelId ? order : order.thenComparing(m -> m.info().modelId());
  }

  /** The value of the model's latest point of the order's metric (and dataset). */
  private static Double latest(LoggedModel m, Order o) {
    Metric best = null;
    for (Metric x : m.data().metrics()) {
      if (!x.key().equals(o.key())) {
        continue;
      }
      Dataset d = o.dataset();
      if (d != null
          && ((d.name() != null && !d.name().equals(x.datasetName()))
              || (d.digest() != null && !d.digest().equals(x.datasetDigest())))) {
        continue;
      }
      if (best == null || LATEST.compare(x, best) > 0) {
        best = x;
      }
    }
    return best == null ? null : best.value();
  }

  /** Latest: highest timestamp, then step, then the smallest run id. */
  private static final Comparator<Metric> LATEST =
      Comparator.comparingLong(Metric::timestamp)
          .thenComparingLong(Metric::step)
          .thenComparing(Metric::runId, Comparator.nullsFirst(Comparator.reverseOrder()));
}
