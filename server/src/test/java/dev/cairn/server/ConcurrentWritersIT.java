package dev.cairn.server;

import static dev.cairn.server.TrackingApiIT.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.server.LiveServer.Answer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Many clients writing at once through one server and one SQLite file: no request fails (no
 * "database is locked"), nothing is lost or written twice, and races end as MLflow's errors.
 */
class ConcurrentWritersIT {
  private static final int WRITERS = 16;
  private static final int BATCHES = 50;
  private static final int METRICS_PER_BATCH = 10;

  @TempDir static Path dir;
  static LiveServer server;

  @BeforeAll
  static void start() {
    server = LiveServer.start(dir);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void concurrentBatchesToSeparateAndSharedRunsAreAllWrittenExactlyOnce() throws Exception {
    String exp = createExperiment("concurrent-batches");
    String shared = createRun(exp);
    List<String> own = IntStream.range(0, WRITERS / 2).mapToObj(i -> createRun(exp)).toList();

    List<Answer> answers =
        Concurrently.run(
            WRITERS,
            writer -> {
              boolean toShared = writer % 2 == 0;
              String runId = toShared ? shared : own.get(writer / 2);
              List<Answer> out = new ArrayList<>();
              for (int b = 0; b < BATCHES; b++) {
                out.add(server.post("/runs/log-batch", batch(runId, writer, b)));
              }
              return out;
            });

    assertThat(answers).hasSize(WRITERS * BATCHES);
    assertThat(answers).allSatisfy(a -> assertThat(a.status()).as(a.body()).isEqualTo(200));

    int sharedWriters = WRITERS / 2;
    for (String runId : own) {
      assertRunHolds(runId, 1);
    }
    assertRunHolds(shared, sharedWriters);
  }

  /** Each of {@code writers} wrote BATCHES batches: per writer one metric key, params, tag. */
  private static void assertRunHolds(String runId, int writers) {
    JsonNode data = server.get("/runs/get?run_id=" + runId).json().path("run").path("data");
    assertThat(data.path("params").size()).isEqualTo(writers * BATCHES);
    assertThat(data.path("metrics").size()).isEqualTo(writers);
    for (JsonNode latest : data.path("metrics")) {
      assertThat(latest.path("step").asLong()).isEqualTo(BATCHES * METRICS_PER_BATCH - 1);
      String key = latest.path("key").asText();
      JsonNode history =
          server
              .get("/metrics/get-history?run_id=" + runId + "&metric_key=" + key)
              .json()
              .path("metrics");
      assertThat(history.size()).as(key).isEqualTo(BATCHES * METRICS_PER_BATCH);
    }
    long writerTags =
        data.path("tags").findValuesAsText("key").stream().filter(k -> k.startsWith("w")).count();
    assertThat(writerTags).isEqualTo(writers);
  }

  private static String batch(String runId, int writer, int b) {
    List<String> metrics = new ArrayList<>();
    for (int i = 0; i < METRICS_PER_BATCH; i++) {
      int step = b * METRICS_PER_BATCH + i;
      metrics.add(
          json(
              "{'key':'loss_w%d','value':%d.5,'timestamp':%d,'step':%d}",
              writer, step, step, step));
    }
    return json(
        "{'run_id':'%s','metrics':[%s],'params':[{'key':'w%d_b%d','value':'v'}],"
            + "'tags':[{'key':'w%d','value':'batch %d'}]}",
        runId, String.join(",", metrics), writer, b, writer, b);
  }

  @Test
  void racingCreatesOfOneExperimentNameLeaveExactlyOne() throws Exception {
    List<Answer> answers =
        Concurrently.run(
            WRITERS,
            writer ->
                List.of(server.post("/experiments/create", json("{'name':'race-for-name'}"))));
    Concurrently.assertOneWinner(answers, "RESOURCE_ALREADY_EXISTS");
  }

  @Test
  void racingDifferentValuesForOneParamKeepTheFirstAndRejectTheRest() throws Exception {
    String runId = createRun(createExperiment("param-race"));
    List<Answer> answers =
        Concurrently.run(
            WRITERS,
            writer ->
                List.of(
                    server.post(
                        "/runs/log-parameter",
                        json("{'run_id':'%s','key':'lr','value':'%d'}", runId, writer))));
    Concurrently.assertOneWinner(answers, "INVALID_PARAMETER_VALUE");
    assertThat(
            server
                .get("/runs/get?run_id=" + runId)
                .json()
                .path("run")
                .path("data")
                .path("params")
                .size())
        .isEqualTo(1);
  }

  @Test
  void readersAndWritersInterleaveWithoutErrors() throws Exception {
    String exp = createExperiment("read-while-writing");
    String runId = createRun(exp);
    AtomicInteger step = new AtomicInteger();
    Map<Integer, Integer> statuses = new ConcurrentHashMap<>();
    Concurrently.run(
        8,
        worker -> {
          for (int i = 0; i < 40; i++) {
            Answer a =
                worker % 2 == 0
                    ? server.post(
                        "/runs/log-metric",
                        json(
                            "{'run_id':'%s','key':'m','value':1,'timestamp':1,'step':%d}",
                            runId, step.getAndIncrement()))
                    : i % 2 == 0
                        ? server.get("/runs/get?run_id=" + runId)
                        : server.post("/runs/search", json("{'experiment_ids':['%s']}", exp));
            statuses.merge(a.status(), 1, Integer::sum);
          }
          return List.of();
        });
    assertThat(statuses).containsOnlyKeys(200);
    assertThat(
            server
                .get("/metrics/get-history?run_id=" + runId + "&metric_key=m")
                .json()
                .path("metrics")
                .size())
        .isEqualTo(step.get());
  }

  private static String createExperiment(String name) {
    return server
        .ok("/experiments/create", json("{'name':'%s'}", name))
        .path("experiment_id")
        .asText();
  }

  private static String createRun(String experimentId) {
    return server
        .ok("/runs/create", json("{'experiment_id':'%s'}", experimentId))
        .path("run")
        .path("info")
        .path("run_id")
        .asText();
  }
}
