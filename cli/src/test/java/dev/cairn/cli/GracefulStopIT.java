package dev.cairn.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A server stopped with SIGTERM while clients write: it exits 0, every write it acknowledged is in
 * the database, and the database file alone (the write-ahead log folded in) is whole.
 */
class GracefulStopIT {
  @TempDir Path dir;

  @Test
  void sigtermUnderLoadKeepsEveryAcknowledgedWriteInAWholeFile() throws Exception {
    ServerProcess server = ServerProcess.onSqlite(dir);
    List<String> runs = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      runs.add(server.post("runs/create", "{}").at("/run/info/run_id").asText());
    }
    Set<String> acknowledged = ConcurrentHashMap.newKeySet();
    AtomicBoolean stop = new AtomicBoolean();
    List<Thread> writers = new ArrayList<>();
    HttpClient http = HttpClient.newHttpClient();
    for (String run : runs) {
      writers.add(
          Thread.ofVirtual()
              .start(
                  () -> {
                    for (int step = 0; !stop.get(); step++) {
                      String body =
                          "{\"run_id\":\"%s\",\"key\":\"m\",\"value\":%d,\"timestamp\":1,\"step\":%d}"
                              .formatted(run, step, step);
                      try {
                        HttpResponse<String> r =
                            http.send(
                                HttpRequest.newBuilder(
                                        URI.create(
                                            server.baseUrl() + "/api/2.0/mlflow/runs/log-metric"))
                                    .header("Content-Type", "application/json")
                                    .POST(HttpRequest.BodyPublishers.ofString(body))
                                    .build(),
                                HttpResponse.BodyHandlers.ofString());
                        if (r.statusCode() == 200) {
                          acknowledged.add(run + "/" + step);
                        }
                      } catch (Exception refused) {
                        return; // the server stopped accepting
                      }
                    }
                  }));
    }
    Thread.sleep(2_000);
    int exit = server.terminate();
    stop.set(true);
    for (Thread w : writers) {
      w.join();
    }
    assertThat(exit).as("exit code after SIGTERM").isZero();
    assertThat(acknowledged).hasSizeGreaterThan(20);
    Path wal = dir.resolve("mlflow.db-wal");
    assertThat(!Files.exists(wal) || Files.size(wal) == 0).as("the log was folded in").isTrue();

    Path copy = Files.createDirectories(dir.resolve("copy")).resolve("mlflow.db");
    Files.copy(dir.resolve("mlflow.db"), copy);
    Set<String> stored = new java.util.HashSet<>();
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + copy);
        ResultSet r = c.createStatement().executeQuery("SELECT run_uuid, step FROM metrics")) {
      while (r.next()) {
        stored.add(r.getString(1) + "/" + r.getLong(2));
      }
    }
    assertThat(stored).containsAll(acknowledged);
  }
}
