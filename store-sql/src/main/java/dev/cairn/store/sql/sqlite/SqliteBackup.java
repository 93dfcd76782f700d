package dev.cairn.store.sql.sqlite;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * A consistent copy of a SQLite database while servers keep writing it: {@code VACUUM INTO} reads
 * one snapshot (in WAL mode writers are not blocked) and writes a new, compact, self-contained file
 * with no write-ahead log.
 */
public final class SqliteBackup {
  private SqliteBackup() {}

  /**
   * @throws IllegalArgumentException with a one-line reason (no such source, target exists, ...)
   */
  public static void copy(Path source, Path target) {
    if (!Files.isRegularFile(source)) {
      throw new IllegalArgumentException("no such file: " + source.toAbsolutePath());
    }
    if (Files.exists(target)) {
      throw new IllegalArgumentException(
          "the backup file already exists: " + target.toAbsolutePath());
    }
    Path parent = target.toAbsolutePath().getParent();
    if (parent != null && !Files.isDirectory(parent)) {
      throw new IllegalArgumentException("directory " + parent + " does not exist");
    }
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + source.toAbsolutePath())) {
      try (var s = c.createStatement()) {
        s.execute("PRAGMA busy_timeout=30000");
      }
      try (PreparedStatement p = c.prepareStatement("VACUUM INTO ?")) {
        p.setString(1, target.toAbsolutePath().toString());
        p.execute();
      }
    } catch (SQLException e) {
      throw new IllegalArgumentException(
          "cannot back up " + source + ": " + e.getMessage().lines().findFirst().orElse(""), e);
    }
  }
}
