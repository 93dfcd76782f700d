package dev.cairn.store.file;

import static dev.cairn.core.search.ComparisonEvaluator.nullsLast;

import dev.cairn.api.model.DatasetInput;
import dev.cairn.api.model.Experiment;
import dev.cairn.api.model.Metric;
import dev.cairn.api.model.Param;
import dev.cairn.api.model.Run;
import dev.cairn.api.model.RunInfo;
import dev.cairn.api.model.Tag;
import dev.cairn.core.search.Comparison;
import dev.cairn.core.search.ComparisonEvaluator;
import dev.cairn.core.search.Entity;
import dev.cairn.core.search.OrderBy;
import dev.cairn.core.tracking.Page;
import dev.cairn.core.tracking.SearchQuery;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Run and experiment searches evaluated in memory over what the file store read, with the SQL
 * stores' semantics: the same clauses match, the same order (missing values last in both
 * directions, then MLflow's tie-breakers), the same pages.
 */
final class TrackingSearch {
  private static final String CONTEXT_TAG = "mlflow.data.context";

  private TrackingSearch() {}

  static <T> Page<T> page(List<T> sorted, int offset, int maxResults) {
    int from = Math.min(offset, sorted.size());
    int to = (int) Math.min((long) from + maxResults, sorted.size());
    return new Page<>(List.copyOf(sorted.subList(from, to)), to < sorted.size());
  }

  static Page<Run> runs(List<Run> runs, SearchQuery q) {
    List<Run> sorted =
        runs.stream()
            .filter(all(q.filter(), TrackingSearch::runClause))
            .sorted(runOrder(q.orderBy()))
            .toList();
    return page(sorted, q.offset(), q.maxResults());
  }

  /** Every clause of a filter, each compiled once: an item passes when all hold. */
  static <T> Predicate<T> all(List<Comparison> filter, Function<Comparison, Predicate<T>> clause) {
    Predicate<T> all = item -> true;
    for (Comparison c : filter) {
      all = all.and(clause.apply(c));
    }
    return all;
  }

  private static Predicate<Run> runClause(Comparison c) {
    Predicate<Object> holds = ComparisonEvaluator.of(c);
    String key = c.key();
    return switch (c.entity()) {
      case METRIC -> r -> holds.test(metric(r, key));
      case PARAM -> r -> holds.test(param(r, key));
      case TAG -> r -> holds.test(tag(r.data().tags(), key));
      case ATTRIBUTE -> r -> holds.test(attribute(r.info(), key));
      case DATASET ->
          r -> r.inputs().datasetInputs().stream().anyMatch(d -> holds.test(datasetField(d, key)));
      // Run filters never name the trace entities.
      case METADATA, FEEDBACK, EXPECTATION, SPAN -> throw new IllegalStateException();
    };
  }

  private static Object datasetField(DatasetInput d, String key) {
    return switch (key) {
      case "name" -> d.dataset().name();
      case "digest" -> d.dataset().digest();
      default -> tag(d.tags(), CONTEXT_TAG);
    };
  }

  private static Double metric(Run r, String key) {
    for (Metric m : r.data().metrics()) {
      if (m.key().equals(key)) {
        return m.value();
      }
    }
    return null;
  }

  private static String param(Run r, String key) {
    for (Param p : r.data().params()) {
      if (p.key().equals(key)) {
        return p.value();
      }
    }
    return null;
  }

  static String tag(List<Tag> tags, String key) {
    for (Tag t : tags) {
      if (t.key().equals(key)) {
        return t.value();
      }
    }
    return null;
  }

  private static Comparable<?> attribute(RunInfo info, String key) {
    return switch (key) {
      case "run_id" -> info.runId();
      case "run_name" -> info.runName();
      case "user_id" -> info.userId();
      case "status" -> info.status() == null ? null : info.status().name();
      case "artifact_uri" -> info.artifactUri();
      case "start_time" -> info.startTime();
      case "end_time" -> info.endTime();
      case "lifecycle_stage" -> info.lifecycleStage();
      default -> null;
    };
  }

  private static Comparator<Run> runOrder(List<OrderBy> orderBy) {
    Comparator<Run> order = (a, b) -> 0;
    boolean startTimeOrdered = false;
    for (OrderBy o : orderBy) {
      order =
          order.thenComparing(
              switch (o.entity()) {
                case METRIC -> metricOrder(o);
                case PARAM -> nullsLast((Run r) -> param(r, o.key()), o.ascending());
                case TAG -> nullsLast((Run r) -> tag(r.data().tags(), o.key()), o.ascending());
                default -> nullsLast((Run r) -> attribute(r.info(), o.key()), o.ascending());
              });
      startTimeOrdered |= o.key().equals("start_time") && o.entity() == Entity.ATTRIBUTE;
    }
    if (!startTimeOrdered) {
      order = order.thenComparing(nullsLast((Run r) -> r.info().startTime(), false));
    }
    return order.thenComparing(r -> r.info().runId());
  }

  /** MLflow: NaN after real values, missing values last, whatever the direction. */
  private static Comparator<Run> metricOrder(OrderBy o) {
    Comparator<Run> rank =
        Comparator.comparingInt(
            r -> {
              Double v = metric(r, o.key());
              return v == null ? 2 : v.isNaN() ? 1 : 0;
            });
    return rank.thenComparing(
        nullsLast(
            (Run r) -> {
              Double v = metric(r, o.key());
              return v == null || v.isNaN() ? null : v;
            },
            o.ascending()));
  }

  static Page<Experiment> experiments(List<Experiment> all, SearchQuery q) {
    List<Experiment> sorted =
        all.stream()
            .filter(all(q.filter(), TrackingSearch::experimentClause))
            .sorted(experimentOrder(q.orderBy()))
            .toList();
    return page(sorted, q.offset(), q.maxResults());
  }

  private static Predicate<Experiment> experimentClause(Comparison c) {
    Predicate<Object> holds = ComparisonEvaluator.of(c);
    String key = c.key();
    return c.entity() == Entity.TAG
        ? e -> holds.test(tag(e.tags(), key))
        : e -> holds.test(experimentAttribute(e, key));
  }

  private static Comparable<?> experimentAttribute(Experiment e, String key) {
    return switch (key) {
      case "name" -> e.name();
      case "experiment_id" -> Long.parseLong(e.experimentId());
      case "creation_time" -> e.creationTime();
      case "last_update_time" -> e.lastUpdateTime();
      default -> null;
    };
  }

  private static Comparator<Experiment> experimentOrder(List<OrderBy> orderBy) {
    Comparator<Experiment> order = (a, b) -> 0;
    boolean idOrdered = false;
    for (OrderBy o : orderBy) {
      order =
          order.thenComparing(
              nullsLast((Experiment e) -> experimentAttribute(e, o.key()), o.ascending()));
      idOrdered |= o.key().equals("experiment_id");
    }
    if (orderBy.isEmpty()) {
      order = order.thenComparing(nullsLast((Experiment e) -> e.creationTime(), false));
    }
    return idOrdered ? order : order.thenComparing(e -> Long.parseLong(e.experimentId()));
  }
}
