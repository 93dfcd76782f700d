package dev.cairn.store.sql;

import dev.cairn.testkit.TraceStoreContract;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

class SqliteTraceStoreTest extends TraceStoreContract {
  @TempDir Path dir;

  @Override
  protected Stores open() {
    Database db = Databases.open("sqlite:///" + dir.resolve("mlflow.db"));
    Schema.initialise(db, ROOT, 0L);
    return new Stores(new SqlTrackingStore(db, ROOT), new SqlTraceStore(db));
  }
}
