package dev.cairn.core.tracking;

import static dev.cairn.core.tracking.Validation.require;

import dev.cairn.api.Empty;
import dev.cairn.api.model.Metric;
import dev.cairn.api.model.Param;
import dev.cairn.api.model.Run;
import dev.cairn.api.model.Tag;
import dev.cairn.api.model.ViewType;
import dev.cairn.api.tracking.MetricMessages.*;
import dev.cairn.api.tracking.RunMessages.*;
import dev.cairn.core.CairnException;
import dev.cairn.core.search.FilterParser;
import dev.cairn.core.search.OrderByParser;
import dev.cairn.core.search.SearchScope;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * MLflow's run, logging, history and search operations; validation here, persistence in the store.
 */
public final class TrackingService {
  /** The system tag that mirrors a run's name (runs.name). */
  public static final String RUN_NAME_TAG = "mlflow.runName";

  private final TrackingStore store;
  private final InstantSource clock;
  private final RunNames runNames;

  public TrackingService(TrackingStore store, InstantSource clock, RunNames runNames) {
    this.store = store;
    this.clock = clock;
    this.runNames = runNames;
  }

  public RunResponse createRun(CreateRun req) {
    String experimentId =
        req.experimentId() == null || req.experimentId().isEmpty()
            ? "0"
            : Validation.experimentId(req.experimentId());
    List<Tag> tags = new ArrayList<>(LogEntries.tags(req.tags()));
    String tagName =
        tags.stream()
            .filter(t -> t.key().equals(RUN_NAME_TAG))
            .map(Tag::value)
            .findFirst()
            .orElse(null);
    String name = req.runName() == null || req.runName().isEmpty() ? null : req.runName();
    if (name != null && tagName != null && !name.equals(tagName)) {
      throw CairnException.invalid(
          "Both 'run_name' argument and 'mlflow.runName' tag are specified, but with different"
              + " values (run_name='%s', mlflow.runName='%s').",
          name, tagName);
    }
    name = name != null ? name : tagName != null ? tagName : runNames.next();
    if (tagName == null) {
      tags.add(new Tag(RUN_NAME_TAG, name));
    }
    long start = req.startTime() == null ? clock.millis() : req.startTime();
    String runId = UUID.randomUUID().toString().replace("-", "");
    String user = req.userId() == null ? "" : req.userId();
    return new RunResponse(
        store.createRun(new NewRun(runId, experimentId, user, name, start, tags)));
  }

  public RunResponse getRun(GetRun req) {
    return new RunResponse(store.getRun(require(req.id(), "run_id")));
  }

  public UpdateRunResponse updateRun(UpdateRun req) {
    String runId = require(req.id(), "run_id");
    String name = req.runName() == null || req.runName().isEmpty() ? null : req.runName();
    return new UpdateRunResponse(store.updateRun(runId, req.status(), req.endTime(), name));
  }

  public Empty deleteRun(DeleteRun req) {
    store.deleteRun(require(req.runId(), "run_id"), clock.millis());
    return Empty.INSTANCE;
  }

  public Empty restoreRun(RestoreRun req) {
    store.restoreRun(require(req.runId(), "run_id"));
    return Empty.INSTANCE;
  }

  public Empty logMetric(LogMetric req) {
    String runId = require(req.id(), "run_id");
    Metric metric =
        new Metric(
            req.key(),
            req.value(),
            req.timestamp(),
            req.step(),
            req.datasetName(),
            req.datasetDigest(),
            req.modelId(),
            null);
    store.logBatch(runId, List.of(LogEntries.metric(metric, true)), List.of(), List.of());
    return Empty.INSTANCE;
  }

  public Empty logParam(LogParam req) {
    String runId = require(req.id(), "run_id");
    Param param = LogEntries.param(new Param(require(req.key(), "key"), req.value()));
    store.logBatch(runId, List.of(), List.of(param), List.of());
    return Empty.INSTANCE;
  }

  public Empty setTag(SetTag req) {
    String runId = require(req.id(), "run_id");
    Tag tag = LogEntries.tag(new Tag(require(req.key(), "key"), req.value()));
    store.logBatch(runId, List.of(), List.of(), List.of(tag));
    return Empty.INSTANCE;
  }

  public Empty deleteTag(DeleteTag req) {
    store.deleteTag(require(req.runId(), "run_id"), require(req.key(), "key"));
    return Empty.INSTANCE;
  }

  public Empty logBatch(LogBatch req) {
    String runId = Validation.runId(req.runId(), "run_id");
    LogEntries.Batch batch = LogEntries.batch(req.metrics(), req.params(), req.tags());
    store.logBatch(runId, batch.metrics(), batch.params(), batch.tags());
    return Empty.INSTANCE;
  }

  public Empty logInputs(LogInputs req) {
    String runId = Validation.runId(req.runId(), "run_id");
    store.logInputs(
        runId,
        LogEntries.datasets(req.datasets()),
        req.models() == null ? List.of() : req.models());
    return Empty.INSTANCE;
  }

  public SearchRunsResponse searchRuns(SearchRuns req) {
    int max =
        Validation.maxResults(
            req.maxResults(),
            Limits.DEFAULT_SEARCH_RUNS_MAX_RESULTS,
            Limits.MAX_RESULTS_SEARCH_RUNS);
    int offset = PageTokens.decode(req.pageToken());
    List<String> experimentIds =
        req.experimentIds() == null
            ? List.of()
            : req.experimentIds().stream().map(Validation::experimentId).toList();
    SearchQuery query =
        new SearchQuery(
            experimentIds,
            FilterParser.parse(SearchScope.RUNS, req.filter()),
            OrderByParser.parse(SearchScope.RUNS, req.orderBy()),
            req.runViewType() == null ? ViewType.ACTIVE_ONLY : req.runViewType(),
            max,
            offset);
    if (experimentIds.isEmpty()) {
      return new SearchRunsResponse(List.of(), null);
    }
    Page<Run> page = store.searchRuns(query);
    return new SearchRunsResponse(page.items(), PageTokens.next(page, offset));
  }

  public MetricsResponse getMetricHistory(GetMetricHistory req) {
    String runId = require(req.id(), "run_id");
    String key = require(req.metricKey(), "metric_key");
    PageTokens.HistoryToken token = PageTokens.decodeHistory(req.pageToken());
    int offset = token.offset();
    // MLflow's handler passes an omitted max_results as 0 and answers an empty page; we read it as
    // "all".
    Integer limit = req.maxResults() == null || req.maxResults() <= 0 ? null : req.maxResults();
    if (limit == null || (token.after() == null && offset > 0)) {
      Page<Metric> page = store.getMetricHistory(runId, key, limit, offset);
      return new MetricsResponse(page.items(), PageTokens.next(page, offset));
    }
    HistoryCursor.Page page = store.getMetricHistoryAfter(runId, key, limit, token.after());
    return new MetricsResponse(
        page.items(),
        page.hasMore()
            ? PageTokens.encodeHistory(offset + page.items().size(), page.last())
            : null);
  }

  public MetricsResponse getMetricHistoryBulkInterval(GetMetricHistoryBulkInterval req) {
    List<String> runIds = severalRuns(req.runIds(), "GetMetricHistoryBulkInterval");
    String key = require(req.metricKey(), "metric_key");
    int max =
        req.maxResults() == null ? Limits.MAX_BULK_INTERVAL_RESULTS : req.maxResults().intValue();
    if (max < 1 || max > Limits.MAX_BULK_INTERVAL_RESULTS) {
      throw CairnException.invalid(
          "max_results must be between 1 and %d.", Limits.MAX_BULK_INTERVAL_RESULTS);
    }
    checkStepRange(req.startStep(), req.endStep());
    Long start = req.startStep() == null ? null : req.startStep().longValue();
    Long end = req.endStep() == null ? null : req.endStep().longValue();
    return new MetricsResponse(
        store.getMetricHistoryBulkInterval(runIds, key, start, end, max), null);
  }

  /** Cairn's chart read: each run's series of one metric in at most max_buckets buckets. */
  public DownsampledHistory getDownsampledHistory(GetDownsampledHistory req) {
    List<String> runIds = severalRuns(req.runIds(), "Downsampled history");
    String key = require(req.metricKey(), "metric_key");
    Integer buckets = req.maxBuckets();
    if (buckets != null && (buckets <= 0 || buckets > Limits.MAX_CHART_BUCKETS)) {
      throw CairnException.invalid(
          "Invalid value %d for parameter 'max_buckets' supplied. It must be a positive integer at"
              + " most %d.",
          buckets, Limits.MAX_CHART_BUCKETS);
    }
    checkStepRange(req.startStep(), req.endStep());
    int n = buckets == null ? Limits.DEFAULT_CHART_BUCKETS : buckets;
    List<RunSeries> series = new ArrayList<>(runIds.size());
    for (String runId : runIds) {
      series.add(
          new RunSeries(
              runId, store.getMetricBuckets(runId, key, req.startStep(), req.endStep(), n)));
    }
    return new DownsampledHistory(series);
  }

  /**
   * The run ids of a history read over several runs: 1 to 100 of them, as MLflow allows, refused
   * with its messages (an empty list is a missing value).
   */
  private static List<String> severalRuns(List<String> runIds, String request) {
    List<String> ids = require(runIds == null || runIds.isEmpty() ? null : runIds, "run_ids");
    if (ids.size() > Limits.MAX_BULK_INTERVAL_RUN_IDS) {
      throw CairnException.invalid(
          "%s request must specify at most %d run_ids. Received %d run_ids.",
          request, Limits.MAX_BULK_INTERVAL_RUN_IDS, ids.size());
    }
    return ids;
  }

  /** Both ends of a step range or neither, in order. */
  private static void checkStepRange(Number start, Number end) {
    if ((start == null) != (end == null)) {
      throw CairnException.invalid(
          "If either start step or end step are specified, both must be specified.");
    }
    if (start != null && start.longValue() > end.longValue()) {
      throw CairnException.invalid(
          "end_step must be greater than start_step. Found start_step=%d and end_step=%d.",
          start.longValue(), end.longValue());
    }
  }
}
