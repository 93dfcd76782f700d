package dev.cairn.store.sql;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The auth store contract on SQLite. */
class SqliteAuthStoreTest extends SqlAuthStoreTest {
  @TempDir Path dir;

  @Override
  String newDatabase() {
    return "sqlite:///" + dir.resolve("basic_auth.db");
  }
}
