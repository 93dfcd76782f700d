package dev.cairn.jmh;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.api.WireJson;
import dev.cairn.api.model.Metric;
import dev.cairn.api.model.Param;
import dev.cairn.api.model.Run;
import dev.cairn.api.model.Tag;
import dev.cairn.api.model.ViewType;
import dev.cairn.api.tracking.RunMessages.SearchRunsResponse;
import dev.cairn.core.search.FilterParser;
import dev.cairn.core.search.OrderByParser;
import dev.cairn.core.search.SearchScope;
import dev.cairn.core.tracking.NewRun;
import dev.cairn.core.tracking.SearchQuery;
import dev.cairn.store.sql.Database;
import dev.cairn.store.sql.Databases;
import dev.cairn.store.sql.Schema;
import dev.cairn.store.sql.SqlTrackingStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The pieces of P3 (a runs/search answering 1,000 runs of 20 params, 20 metrics and 10 tags each):
 * the SQL search with the rows mapped to runs, and the JSON encoding of the answer.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(
    value = 1,
    jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED"})
public class SearchBenchmarks {
  private static final int RUNS = 1000;

  private Path dir;
  private Database db;
  private SqlTrackingStore store;
  private SearchQuery all;
  private SearchQuery filtered;
  private SearchRunsResponse answer;
  private ObjectMapper mapper;

  @Setup(Level.Trial)
  public void setUp() throws IOException {
    dir = Files.createTempDirectory("cairn-jmh");
    db = Databases.open("sqlite:///" + dir.resolve("mlflow.db"));
    Schema.initialise(db, "mlflow-artifacts:/", 0L);
    store = new SqlTrackingStore(db, "mlflow-artifacts:/");
    String exp = store.createExperiment("bench", null, List.of(), 1L);
    for (int i = 0; i < RUNS; i++) {
      String id = UUID.randomUUID().toString().replace("-", "");
      store.createRun(new NewRun(id, exp, "bench", "run-" + i, 1_700_000_000_000L + i, List.of()));
      List<Metric> metrics = new ArrayList<>();
      List<Param> params = new ArrayList<>();
      List<Tag> tags = new ArrayList<>();
      for (int k = 0; k < 20; k++) {
        metrics.add(Metric.of("metric_" + k, (i * 31 + k) % 1000 / 1000.0, 1_700_000_000_000L, 0));
        params.add(new Param("param_" + k, "value-" + (i + k) % 7));
      }
      for (int k = 0; k < 10; k++) {
        tags.add(new Tag("tag_" + k, "tag-value-" + (i + k) % 5));
      }
      store.logBatch(id, metrics, params, tags);
    }
    all = new SearchQuery(List.of(exp), List.of(), List.of(), ViewType.ACTIVE_ONLY, RUNS, 0);
    filtered =
        new SearchQuery(
            List.of(exp),
            FilterParser.parse(
                SearchScope.RUNS, "metrics.metric_0 > 0.1 and params.param_0 != 'x'"),
            OrderByParser.parse(SearchScope.RUNS, List.of("metrics.metric_1 DESC")),
            ViewType.ACTIVE_ONLY,
            RUNS,
            0);
    mapper = WireJson.newMapper();
    answer = new SearchRunsResponse(store.searchRuns(all).items(), null);
  }

  @TearDown(Level.Trial)
  public void tearDown() throws IOException {
    store.close();
    try (var files = Files.walk(dir)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  /** The search and the row mapping of 1,000 runs with their 50,000 params, metrics and tags. */
  @Benchmark
  public List<Run> search1000RunsNoFilter() {
    return store.searchRuns(all).items();
  }

  /** The same with P3's metric+param filter and metric ordering (two joins). */
  @Benchmark
  public List<Run> search1000RunsFilteredAndOrdered() {
    return store.searchRuns(filtered).items();
  }

  /** The JSON answer of those 1,000 runs (about 2.7 MB). */
  @Benchmark
  public byte[] encodeAnswerOf1000Runs() throws Exception {
    return mapper.writeValueAsBytes(answer);
  }
}
