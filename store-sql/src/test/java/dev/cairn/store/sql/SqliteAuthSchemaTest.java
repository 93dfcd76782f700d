package dev.cairn.store.sql;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** MLflow's auth schema on SQLite. */
class SqliteAuthSchemaTest extends AuthSchemaContract {
  @TempDir Path dir;

  @Override
  String newDatabase() {
    return "sqlite:///" + dir.resolve("basic_auth.db");
  }
}
