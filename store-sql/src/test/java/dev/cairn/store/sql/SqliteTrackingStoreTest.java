package dev.cairn.store.sql;

import dev.cairn.core.tracking.TrackingStore;
import dev.cairn.testkit.TrackingStoreContract;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

class SqliteTrackingStoreTest extends TrackingStoreContract {
  @TempDir Path dir;

  @Override
  protected TrackingStore openStore() {
    Database db = Databases.open("sqlite:///" + dir.resolve("mlflow.db"));
    Schema.initialise(db, ROOT, 0L);
    return new SqlTrackingStore(db, ROOT);
  }
}
