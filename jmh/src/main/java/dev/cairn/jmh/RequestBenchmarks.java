package dev.cairn.jmh;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.api.WireJson;
import dev.cairn.api.tracking.RunMessages.LogBatch;
import dev.cairn.core.search.Comparison;
import dev.cairn.core.search.FilterParser;
import dev.cairn.core.search.OrderBy;
import dev.cairn.core.search.OrderByParser;
import dev.cairn.core.search.SearchScope;
import dev.cairn.server.RequestDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/** What every write and search request pays before it reaches the store. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(
    value = 1,
    jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED"})
public class RequestBenchmarks {
  private static final String FILTER =
      "metrics.acc > 0.5 and params.optimizer = 'adam' and tags.`team name` != 'nlp'"
          + " and attributes.run_name LIKE 'run-%'";

  private RequestDecoder decoder;
  private byte[] logBatch;

  @Setup
  public void setUp() {
    ObjectMapper mapper = WireJson.newMapper();
    decoder = new RequestDecoder(mapper);
    StringBuilder b =
        new StringBuilder("{\"run_id\":\"0123456789abcdef0123456789abcdef\",\"metrics\":[");
    for (int i = 0; i < 1000; i++) {
      b.append(i == 0 ? "" : ",")
          .append("{\"key\":\"m")
          .append(i % 10)
          .append("\",\"value\":")
          .append(i * 0.001)
          .append(",\"timestamp\":")
          .append(1_700_000_000_000L + i)
          .append(",\"step\":")
          .append(i)
          .append('}');
    }
    logBatch = b.append("]}").toString().getBytes(StandardCharsets.UTF_8);
  }

  /** JSON decode of a log-batch of 1,000 metrics (the P1 request body, 70 KB). */
  @Benchmark
  public LogBatch decodeLogBatchOf1000Metrics() throws Exception {
    return decoder.fromBody(logBatch, LogBatch.class);
  }

  /** A four-clause run filter parsed and checked (every runs/search pays it). */
  @Benchmark
  public List<Comparison> parseRunFilter() {
    return FilterParser.parse(SearchScope.RUNS, FILTER);
  }

  @Benchmark
  public List<OrderBy> parseOrderBy() {
    return OrderByParser.parse(
        SearchScope.RUNS, List.of("metrics.acc DESC", "attributes.start_time ASC"));
  }
}
