package dev.cairn.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A plain copy of the SQLite file, taken while the server idles, holds every write. */
class SqliteFileIT {
  @TempDir Path dir;

  @Test
  void aCopyOfTheDatabaseFileAloneTakenWhileIdleHasEveryRun() throws Exception {
    try (LiveServer server = LiveServer.start(dir)) {
      for (int i = 0; i < 40; i++) {
        String run = server.ok("/runs/create", "{}").at("/run/info/run_id").asText();
        server.ok(
            "/runs/log-batch",
            "{\"run_id\":\""
                + run
                + "\",\"params\":[{\"key\":\"i\",\"value\":\""
                + i
                + "\"}],\"metrics\":[{\"key\":\"m\",\"value\":1,\"timestamp\":1,\"step\":0}]}");
      }
      assertThat(dir.resolve("mlflow.db-wal")).exists();
      Thread.sleep(2_500); // writes have gone quiet: the log is folded into the file
      Path copy = Files.createDirectories(dir.resolve("backup")).resolve("mlflow.db");
      Files.copy(dir.resolve("mlflow.db"), copy);
      try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + copy);
          ResultSet runs = c.createStatement().executeQuery("SELECT COUNT(*) FROM runs");
          ResultSet params =
              c.createStatement().executeQuery("SELECT COUNT(*) FROM params WHERE key = 'i'")) {
        assertThat(runs.getInt(1)).isEqualTo(40);
        assertThat(params.getInt(1)).isEqualTo(40);
      }
    }
  }
}
