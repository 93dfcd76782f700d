package dev.cairn.core.tracking;

import static dev.cairn.core.CairnException.invalid;

import dev.cairn.api.model.DatasetInput;
import dev.cairn.api.model.Metric;
import dev.cairn.api.model.Run;
import dev.cairn.api.model.Tag;
import dev.cairn.api.model.ViewType;
import dev.cairn.api.tracking.ExperimentMessages.DatasetSummary;
import dev.cairn.api.tracking.ExperimentMessages.SearchDatasets;
import dev.cairn.api.tracking.ExperimentMessages.SearchDatasetsResponse;
import dev.cairn.api.tracking.MetricMessages.GetMetricHistoryBulk;
import dev.cairn.api.tracking.MetricMessages.MetricsResponse;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Two reads MLflow's server keeps for its own web UI, across several runs: one metric's history of
 * several runs ({@code metrics/get-history-bulk}) and the datasets an experiment's runs used
 * ({@code experiments/search-datasets}), with MLflow's limits and messages.
 */
public final class UiReads {
  private static final int MAX_HISTORY_RESULTS = 25_000;
  private static final int MAX_RUN_IDS = 100;
  private static final int MAX_EXPERIMENT_IDS = 20;
  private static final int MAX_DATASET_SUMMARIES = 1000;
  private static final String CONTEXT_TAG = "mlflow.data.context";

  private final TrackingStore store;

  public UiReads(TrackingStore store) {
    this.store = store;
  }

  /**
   * Each run's points of {@code metric_key}, runs by id, points by timestamp, step and value, at
   * most {@code max_results} (25,000) in all, each with its run id.
   */
  public MetricsResponse getMetricHistoryBulk(GetMetricHistoryBulk req) {
    List<String> runIds = req.runId() == null ? List.of() : req.runId();
    if (runIds.isEmpty()) {
      throw invalid("GetMetricHistoryBulk request must specify at least one run_id.");
    }
    if (runIds.size() > MAX_RUN_IDS) {
      throw invalid(
          "GetMetricHistoryBulk request cannot specify more than %d run_ids. Received %d run_ids.",
          MAX_RUN_IDS, runIds.size());
    }
    if (req.metricKey() == null) {
      throw invalid("GetMetricHistoryBulk request must specify a metric_key.");
    }
    int max =
        req.maxResults() == null
            ? MAX_HISTORY_RESULTS
            : Math.min(req.maxResults(), MAX_HISTORY_RESULTS);
    List<Metric> out = new ArrayList<>();
    for (String runId : runIds.stream().sorted().toList()) {
      List<Metric> points =
          new ArrayList<>(
              store
                  .getMetricHistory(Validation.runId(runId, "run_id"), req.metricKey(), max, 0)
                  .items());
      points.sort(
          Comparator.comparing(Metric::timestamp)
              .thenComparing(Metric::step)
              .thenComparing(Metric::value));
      points.forEach(m -> out.add(m.withRunId(runId)));
    }
    return new MetricsResponse(out.subList(0, Math.min(out.size(), Math.max(max, 0))), null);
  }

  /**
   * The distinct (experiment, name, digest, context) of the datasets the runs used; at most 1,000.
   */
  public SearchDatasetsResponse searchDatasets(SearchDatasets req) {
    List<String> ids = req.experimentIds() == null ? List.of() : req.experimentIds();
    if (ids.isEmpty()) {
      throw invalid("SearchDatasets request must specify at least one experiment_id.");
    }
    if (ids.size() > MAX_EXPERIMENT_IDS) {
      throw invalid(
          "SearchDatasets request cannot specify more than %d experiment_ids. Received %d"
              + " experiment_ids.",
          MAX_EXPERIMENT_IDS, ids.size());
    }
    List<String> experiments = ids.stream().map(Validation::experimentId).toList();
    Set<DatasetSummary> found = new LinkedHashSet<>();
    int offset = 0;
    while (found.size() < MAX_DATASET_SUMMARIES) {
      Page<Run> page =
          store.searchRuns(
              new SearchQuery(experiments, List.of(), List.of(), ViewType.ALL, 1000, offset));
      for (Run run : page.items()) {
        for (DatasetInput in :
            run.inputs() == null ? List.<DatasetInput>of() : run.inputs().datasetInputs()) {
          found.add(
              new DatasetSummary(
                  run.info().experimentId(),
                  in.dataset().name(),
                  in.dataset().digest(),
                  context(in)));
        }
      }
      if (!page.hasMore()) {
        break;
      }
      offset += page.items().size();
    }
    List<DatasetSummary> out = new ArrayList<>(found);
    return new SearchDatasetsResponse(out.subList(0, Math.min(out.size(), MAX_DATASET_SUMMARIES)));
  }

  private static String context(DatasetInput in) {
    for (Tag t : in.tags() == null ? List.<Tag>of() : in.tags()) {
      if (CONTEXT_TAG.equals(t.key())) {
        return t.value();
      }
    }
    return null;
  }
}
