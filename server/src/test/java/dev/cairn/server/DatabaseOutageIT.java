package dev.cairn.server;

import static dev.cairn.server.TrackingApiIT.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.server.LiveServer.Answer;
import dev.cairn.testkit.TestPostgres;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real PostgreSQL stopped under a serving Cairn: requests answer TEMPORARILY_UNAVAILABLE (503)
 * within the connection timeout (no hang, nothing half-written), and service resumes by itself once
 * the database is back.
 */
class DatabaseOutageIT {
  @TempDir Path dir;

  @Test
  void requestsAnswer503WhileTheDatabaseIsDownAndServiceResumesWhenItReturns() throws Exception {
    int port = freePort();
    Path data = dir.resolve("pg");
    EmbeddedPostgres pg = TestPostgres.startOwn(data, port);
    try (Connection c = pg.getPostgresDatabase().getConnection();
        Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE mlflow");
    }
    String uri = "postgresql://postgres@127.0.0.1:" + port + "/mlflow";
    ch.qos.logback.classic.Logger log =
        (ch.qos.logback.classic.Logger)
            org.slf4j.LoggerFactory.getLogger(dev.cairn.store.sql.server.ServerDatabase.class);
    ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> lines =
        new ch.qos.logback.core.read.ListAppender<>();
    lines.start();
    log.addAppender(lines);
    ch.qos.logback.classic.Level level = log.getLevel();
    log.setLevel(ch.qos.logback.classic.Level.INFO);
    try (LiveServer server =
        LiveServer.onDatabase(dir, uri, Map.of("CAIRN_DB_CONNECT_TIMEOUT_MS", "2000"))) {
      String exp =
          server
              .ok("/experiments/create", json("{'name':'outage'}"))
              .path("experiment_id")
              .asText();
      String run =
          server
              .ok("/runs/create", json("{'experiment_id':'%s'}", exp))
              .at("/run/info/run_id")
              .asText();
      server.ok("/runs/log-batch", batch(run, 0));

      pg.close();
      // Reads and writes, several times: the pooled connections the server holds are broken in
      // different ways (killed in use, killed while idle, refused anew).
      for (String step : new String[] {"get", "log-batch", "get", "get", "log-batch", "get"}) {
        long start = System.nanoTime();
        Answer a =
            step.equals("get")
                ? server.get("/runs/get?run_id=" + run)
                : server.post("/runs/log-batch", batch(run, 1));
        assertThat(a.status()).as(a.body()).isEqualTo(503);
        assertThat(a.errorCode()).isEqualTo("TEMPORARILY_UNAVAILABLE");
        assertThat(a.body()).doesNotContain("Exception").doesNotContain("postgres");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(8));
      }

      pg = TestPostgres.startOwn(data, port);
      Answer back = null;
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (System.nanoTime() < deadline) {
        back = server.get("/runs/get?run_id=" + run);
        if (back.status() == 200) {
          break;
        }
        Thread.sleep(200);
      }
      assertThat(back.status()).as(back.body()).isEqualTo(200);
      server.ok("/runs/log-batch", batch(run, 2));
      // Steps of batch 0 and 2 only: the batch refused during the outage left nothing behind.
      assertThat(
              server
                  .get("/metrics/get-history?run_id=" + run + "&metric_key=loss")
                  .json()
                  .path("metrics")
                  .findValuesAsText("step"))
          .containsExactlyInAnyOrder("0", "1", "2", "3", "20", "21", "22", "23");
      // One line when the database went away, one when it came back: not one per failed request.
      assertThat(lines.list)
          .extracting(e -> e.getLevel() + " " + e.getFormattedMessage())
          .filteredOn(l -> l.contains("unavailable") || l.contains("reachable again"))
          .hasSize(2)
          .satisfiesExactly(
              down -> assertThat(down).startsWith("WARN The database is unavailable"),
              up -> assertThat(up).isEqualTo("INFO The database is reachable again."));
      assertThat(lines.list).allSatisfy(e -> assertThat(e.getThrowableProxy()).isNull());
    } finally {
      log.detachAppender(lines);
      log.setLevel(level);
      pg.close();
    }
  }

  private static String batch(String run, int b) {
    StringBuilder metrics = new StringBuilder();
    for (int i = 0; i < 4; i++) {
      int step = b * 10 + i;
      metrics.append(i == 0 ? "" : ",");
      metrics.append(json("{'key':'loss','value':%d,'timestamp':%d,'step':%d}", step, step, step));
    }
    return json(
        "{'run_id':'%s','metrics':[%s],'params':[{'key':'p%d','value':'v'}]}", run, metrics, b);
  }

  private static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }
}
