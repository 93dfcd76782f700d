package dev.cairn.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.api.model.Dataset;
import dev.cairn.api.model.DatasetInput;
import dev.cairn.api.model.Experiment;
import dev.cairn.api.model.Metric;
import dev.cairn.api.model.Param;
import dev.cairn.api.model.Run;
import dev.cairn.api.model.Tag;
import dev.cairn.api.model.ViewType;
import dev.cairn.core.search.Comparison;
import dev.cairn.core.search.Entity;
import dev.cairn.core.search.Operator;
import dev.cairn.core.search.OrderBy;
import dev.cairn.core.tracking.Page;
import dev.cairn.core.tracking.SearchQuery;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * Everything a {@link dev.cairn.core.tracking.TrackingStore} must do: the writes of {@link
 * TrackingWritesContract}, the history reads of {@link MetricHistoryContract}, plus search and
 * inputs. A backend opts in with a one-line subclass that implements {@link #openStore()}.
 */
public abstract class TrackingStoreContract extends MetricHistoryContract {

  private static SearchQuery query(
      String exp, List<Comparison> filter, List<OrderBy> order, int max, int offset) {
    return new SearchQuery(List.of(exp), filter, order, ViewType.ACTIVE_ONLY, max, offset);
  }

  private List<String> searchIds(SearchQuery q) {
    return store.searchRuns(q).items().stream().map(r -> r.info().runId()).toList();
  }

  @Test
  void runCountsSplitActiveAndDeletedPerExperiment() {
    String a = experiment("counted-a");
    String b = experiment("counted-b");
    for (int i = 0; i < 3; i++) {
      run(a, i);
    }
    store.deleteRun(run(a, 9).info().runId(), 10);
    assertThat(store.countRuns(List.of(b, a, "987654")))
        .extracting(c -> c.experimentId() + ":" + c.active() + "/" + c.deleted())
        .containsExactly(b + ":0/0", a + ":3/1", "987654:0/0");
  }

  @Test
  void searchRunsDefaultsToNewestFirstAndPages() {
    String exp = experiment("paging");
    for (int i = 0; i < 25; i++) {
      run(exp, i);
    }
    List<String> seen = new ArrayList<>();
    int offset = 0;
    Page<Run> page;
    do {
      page = store.searchRuns(query(exp, List.of(), List.of(), 10, offset));
      page.items().forEach(r -> seen.add(r.info().runId()));
      offset += page.items().size();
    } while (page.hasMore());
    assertThat(seen).hasSize(25).doesNotHaveDuplicates();
    List<Run> first = store.searchRuns(query(exp, List.of(), List.of(), 3, 0)).items();
    assertThat(first).extracting(r -> r.info().startTime()).containsExactly(24L, 23L, 22L);
  }

  @Test
  void searchRunsFiltersOnMetricsParamsTagsAndAttributes() {
    String exp = experiment("filters");
    String a = run(exp, 1).info().runId();
    String b = run(exp, 2).info().runId();
    store.logBatch(
        a,
        List.of(Metric.of("acc", 0.9, 1, 0)),
        List.of(new Param("lr", "0.1")),
        List.of(new Tag("team", "Vision")));
    store.logBatch(
        b, List.of(Metric.of("acc", 0.5, 1, 0)), List.of(new Param("lr", "0.01")), List.of());
    assertThat(
            searchIds(
                query(
                    exp,
                    List.of(new Comparison(Entity.METRIC, "acc", Operator.GT, 0.7)),
                    List.of(),
                    100,
                    0)))
        .containsExactly(a);
    assertThat(
            searchIds(
                query(
                    exp,
                    List.of(new Comparison(Entity.PARAM, "lr", Operator.EQ, "0.01")),
                    List.of(),
                    100,
                    0)))
        .containsExactly(b);
    assertThat(
            searchIds(
                query(
                    exp,
                    List.of(new Comparison(Entity.TAG, "team", Operator.LIKE, "vis%")),
                    List.of(),
                    100,
                    0)))
        .isEmpty();
    assertThat(
            searchIds(
                query(
                    exp,
                    List.of(new Comparison(Entity.TAG, "team", Operator.ILIKE, "vis%")),
                    List.of(),
                    100,
                    0)))
        .containsExactly(a);
    assertThat(
            searchIds(
                query(
                    exp,
                    List.of(new Comparison(Entity.TAG, "team", Operator.IS_NULL, null)),
                    List.of(),
                    100,
                    0)))
        .containsExactly(b);
    assertThat(
            searchIds(
                query(
                    exp,
                    List.of(
                        new Comparison(
                            Entity.ATTRIBUTE, "run_id", Operator.IN, List.of(a, "nope"))),
                    List.of(),
                    100,
                    0)))
        .containsExactly(a);
    assertThat(
            searchIds(
                query(
                    exp,
                    List.of(
                        new Comparison(Entity.ATTRIBUTE, "start_time", Operator.GE, 2L),
                        new Comparison(Entity.ATTRIBUTE, "status", Operator.EQ, "RUNNING")),
                    List.of(),
                    100,
                    0)))
        .containsExactly(b);
  }

  @Test
  void searchRunsOrdersByMetricWithMissingValuesLastInBothDirections() {
    String exp = experiment("order");
    String low = run(exp, 1).info().runId();
    String high = run(exp, 2).info().runId();
    String none = run(exp, 3).info().runId();
    String nan = run(exp, 4).info().runId();
    store.logBatch(low, List.of(Metric.of("m", 1, 1, 0)), List.of(), List.of());
    store.logBatch(high, List.of(Metric.of("m", 2, 1, 0)), List.of(), List.of());
    store.logBatch(nan, List.of(Metric.of("m", Double.NaN, 1, 0)), List.of(), List.of());
    assertThat(
            searchIds(
                query(exp, List.of(), List.of(new OrderBy(Entity.METRIC, "m", false)), 100, 0)))
        .containsExactly(high, low, nan, none);
    assertThat(
            searchIds(
                query(exp, List.of(), List.of(new OrderBy(Entity.METRIC, "m", true)), 100, 0)))
        .containsExactly(low, high, nan, none);
  }

  @Test
  void searchRunsHonoursTheViewType() {
    String exp = experiment("views");
    String kept = run(exp, 1).info().runId();
    String gone = run(exp, 2).info().runId();
    store.deleteRun(gone, 9L);
    SearchQuery deleted =
        new SearchQuery(List.of(exp), List.of(), List.of(), ViewType.DELETED_ONLY, 10, 0);
    SearchQuery all = new SearchQuery(List.of(exp), List.of(), List.of(), ViewType.ALL, 10, 0);
    assertThat(searchIds(runsOf(exp))).containsExactly(kept);
    assertThat(searchIds(deleted)).containsExactly(gone);
    assertThat(searchIds(all)).containsExactlyInAnyOrder(kept, gone);
  }

  @Test
  void searchExperimentsFiltersByNameAndTagsAndOrders() {
    store.createExperiment("alpha-1", null, List.of(new Tag("owner", "ann")), 10L);
    store.createExperiment("alpha-2", null, List.of(), 20L);
    store.createExperiment("beta", null, List.of(), 30L);
    SearchQuery like =
        new SearchQuery(
            List.of(),
            List.of(new Comparison(Entity.ATTRIBUTE, "name", Operator.LIKE, "alpha%")),
            List.of(new OrderBy(Entity.ATTRIBUTE, "name", false)),
            ViewType.ACTIVE_ONLY,
            10,
            0);
    assertThat(store.searchExperiments(like).items())
        .extracting(Experiment::name)
        .containsExactly("alpha-2", "alpha-1");
    SearchQuery tagged =
        new SearchQuery(
            List.of(),
            List.of(new Comparison(Entity.TAG, "owner", Operator.EQ, "ann")),
            List.of(),
            ViewType.ACTIVE_ONLY,
            10,
            0);
    assertThat(store.searchExperiments(tagged).items())
        .extracting(Experiment::name)
        .containsExactly("alpha-1");
    SearchQuery newestFirst =
        new SearchQuery(List.of(), List.of(), List.of(), ViewType.ACTIVE_ONLY, 2, 0);
    Page<Experiment> page = store.searchExperiments(newestFirst);
    assertThat(page.items()).extracting(Experiment::name).containsExactly("beta", "alpha-2");
    assertThat(page.hasMore()).isTrue();
  }

  @Test
  void logInputsStoresEachDatasetOncePerExperimentAndFiltersByIt() {
    String exp = experiment("data");
    String a = run(exp, 1).info().runId();
    String b = run(exp, 2).info().runId();
    Dataset d = new Dataset("train", "abc123", "local", "{\"uri\":\"/d\"}", null, null);
    DatasetInput in = new DatasetInput(List.of(new Tag("mlflow.data.context", "training")), d);
    store.logInputs(a, List.of(in), List.of());
    store.logInputs(a, List.of(in), List.of());
    store.logInputs(b, List.of(new DatasetInput(List.of(), d)), List.of());
    assertThat(store.getRun(a).inputs().datasetInputs()).containsExactly(in);
    assertThat(
            searchIds(
                query(
                    exp,
                    List.of(new Comparison(Entity.DATASET, "context", Operator.EQ, "training")),
                    List.of(),
                    10,
                    0)))
        .containsExactly(a);
    assertThat(
            searchIds(
                query(
                    exp,
                    List.of(new Comparison(Entity.DATASET, "name", Operator.EQ, "train")),
                    List.of(),
                    10,
                    0)))
        .containsExactlyInAnyOrder(a, b);
  }

  @Test
  void concurrentWritersAllSucceed() throws Exception {
    String exp = experiment("concurrent");
    List<String> runs = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      runs.add(run(exp, i).info().runId());
    }
    try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < 32; t++) {
        int thread = t;
        futures.add(
            pool.submit(
                () -> {
                  for (int i = 0; i < 20; i++) {
                    store.logBatch(
                        runs.get(thread % 4),
                        List.of(Metric.of("m", i, thread * 1000L + i, i)),
                        List.of(),
                        List.of());
                  }
                }));
      }
      for (Future<?> f : futures) {
        f.get();
      }
    }
    int total =
        runs.stream().mapToInt(r -> store.getMetricHistory(r, "m", null, 0).items().size()).sum();
    assertThat(total).isEqualTo(32 * 20);
  }
}
