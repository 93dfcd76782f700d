package dev.cairn.server;

import static dev.cairn.server.TrackingApiIT.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.server.LiveServer.Answer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three Cairn servers on one real PostgreSQL database with clients spread over them: every write
 * lands exactly once, races between servers end as MLflow's errors (never a 500 or a deadlock), and
 * every server answers the same.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ScaleOutContract {
  private static final int SERVERS = 3;
  private static final int WRITERS = 12;
  private static final int BATCHES = 30;
  private static final int METRICS_PER_BATCH = 20;

  final List<LiveServer> servers = new ArrayList<>();

  /** The URI of a fresh database that the three servers share. */
  abstract String newDatabase();

  @BeforeAll
  void start(@TempDir Path dir) {
    String db = newDatabase();
    for (int i = 0; i < SERVERS; i++) {
      servers.add(LiveServer.onDatabase(dir, db, Map.of()));
    }
  }

  @AfterAll
  void stop() {
    servers.forEach(LiveServer::close);
  }

  private LiveServer server(int i) {
    return servers.get(i % SERVERS);
  }

  @Test
  void batchesFromClientsOnEveryServerAreWrittenExactlyOnce() throws Exception {
    String exp = createExperiment("scale-out-batches");
    String shared = createRun(exp);
    List<String> own = new ArrayList<>();
    for (int w = 0; w < WRITERS; w++) {
      own.add(createRun(exp));
    }
    List<Answer> answers =
        Concurrently.run(
            WRITERS,
            w -> {
              List<Answer> out = new ArrayList<>();
              for (int b = 0; b < BATCHES; b++) {
                // Every writer alternates between its own run and the run all writers share, and
                // between the servers, so each server sees every run.
                String run = b % 2 == 0 ? own.get(w) : shared;
                out.add(server(w + b).post("/runs/log-batch", batch(run, w, b)));
              }
              return out;
            });
    assertThat(answers).hasSize(WRITERS * BATCHES);
    assertThat(answers).allSatisfy(a -> assertThat(a.status()).as(a.body()).isEqualTo(200));

    for (int w = 0; w < WRITERS; w++) {
      assertRun(own.get(w), List.of(w), 0);
    }
    List<Integer> all = new ArrayList<>();
    for (int w = 0; w < WRITERS; w++) {
      all.add(w);
    }
    assertRun(shared, all, 1);
  }

  /** The run holds, for each writer, its metric series (every point once), params and tag. */
  private void assertRun(String runId, List<Integer> writers, int parity) {
    int batches = BATCHES / 2;
    JsonNode first = null;
    for (int s = 0; s < SERVERS; s++) {
      JsonNode data = server(s).get("/runs/get?run_id=" + runId).json().path("run").path("data");
      assertThat(data.path("params").size()).isEqualTo(writers.size() * batches);
      // one series per writer, and the key "loss" every batch moves
      assertThat(data.path("metrics").size()).isEqualTo(writers.size() + 1);
      if (first == null) {
        first = data;
      } else {
        assertThat(sorted(data)).as("server %d agrees", s).isEqualTo(sorted(first));
      }
    }
    for (int w : writers) {
      int lastBatch = BATCHES - 2 + parity;
      for (JsonNode m : first.path("metrics")) {
        if (m.path("key").asText().equals("loss_w" + w)) {
          assertThat(m.path("step").asLong()).isEqualTo((long) lastBatch * METRICS_PER_BATCH + 19);
        }
      }
      JsonNode history =
          server(w)
              .get("/metrics/get-history?run_id=" + runId + "&metric_key=loss_w" + w)
              .json()
              .path("metrics");
      assertThat(history.size()).isEqualTo(batches * METRICS_PER_BATCH);
    }
  }

  private static Map<String, String> sorted(JsonNode data) {
    Map<String, String> out = new TreeMap<>();
    for (String section : List.of("metrics", "params", "tags")) {
      for (JsonNode n : data.path(section)) {
        out.put(section + ":" + n.path("key").asText(), n.toString());
      }
    }
    return out;
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
    // Every batch also moves the shared key "loss" on the run: latest_metrics rows are updated
    // by every server at once (the row MLflow deadlocks on).
    metrics.add(json("{'key':'loss','value':%d,'timestamp':%d,'step':%d}", b, b, b));
    return json(
        "{'run_id':'%s','metrics':[%s],'params':[{'key':'w%d_b%d','value':'v'}],"
            + "'tags':[{'key':'w%d','value':'batch %d'},{'key':'last','value':'w%d'}]}",
        runId, String.join(",", metrics), writer, b, writer, b, writer);
  }

  @Test
  void racingCreatesOfOneExperimentNameOnDifferentServersLeaveExactlyOne() throws Exception {
    List<Answer> answers =
        Concurrently.run(
            WRITERS,
            w -> List.of(server(w).post("/experiments/create", json("{'name':'race-x'}"))));
    Concurrently.assertOneWinner(answers, "RESOURCE_ALREADY_EXISTS");
  }

  @Test
  void racingDifferentValuesForOneParamOnDifferentServersKeepOneAndRejectTheRest()
      throws Exception {
    String runId = createRun(createExperiment("param-race-x"));
    List<Answer> answers =
        Concurrently.run(
            WRITERS,
            w ->
                List.of(
                    server(w)
                        .post(
                            "/runs/log-parameter",
                            json("{'run_id':'%s','key':'lr','value':'%d'}", runId, w))));
    Concurrently.assertOneWinner(answers, "INVALID_PARAMETER_VALUE");
  }

  @Test
  void runsCreatedOnEveryServerGetDistinctIdsAndAreSearchableFromAny() throws Exception {
    String exp = createExperiment("scale-out-runs");
    List<Answer> created =
        Concurrently.run(
            WRITERS,
            w -> {
              List<Answer> out = new ArrayList<>();
              for (int i = 0; i < 5; i++) {
                out.add(server(w + i).post("/runs/create", json("{'experiment_id':'%s'}", exp)));
              }
              return out;
            });
    assertThat(created).allSatisfy(a -> assertThat(a.status()).as(a.body()).isEqualTo(200));
    long distinct =
        created.stream()
            .map(a -> a.json().path("run").path("info").path("run_id").asText())
            .distinct()
            .count();
    assertThat(distinct).isEqualTo(WRITERS * 5L);
    for (int s = 0; s < SERVERS; s++) {
      JsonNode found =
          server(s).ok("/runs/search", json("{'experiment_ids':['%s'],'max_results':1000}", exp));
      assertThat(found.path("runs").size()).isEqualTo(WRITERS * 5);
    }
  }

  private String createExperiment(String name) {
    return server(0)
        .ok("/experiments/create", json("{'name':'%s'}", name))
        .path("experiment_id")
        .asText();
  }

  private String createRun(String experimentId) {
    return server(1)
        .ok("/runs/create", json("{'experiment_id':'%s'}", experimentId))
        .path("run")
        .path("info")
        .path("run_id")
        .asText();
  }
}
