package dev.cairn.store.sql;

import dev.cairn.core.tracking.TrackingStore;
import dev.cairn.testkit.TrackingStoreContract;
import org.junit.jupiter.api.AfterEach;

/** The store contract on a real database server, each test on a fresh database. */
abstract class ServerDatabaseStoreTest extends TrackingStoreContract {
  private Database db;

  /** The URI of a new, empty database. */
  abstract String newDatabase();

  @Override
  protected TrackingStore openStore() {
    db = Databases.open(newDatabase());
    Schema.initialise(db, ROOT, 0L);
    return new SqlTrackingStore(db, ROOT);
  }

  @AfterEach
  void closeDatabase() {
    if (db != null) {
      db.close();
    }
  }
}
