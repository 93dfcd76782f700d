package dev.cairn.store.sql;

import dev.cairn.core.tracking.TrackingStore;
import dev.cairn.testkit.TestMariaDb;
import dev.cairn.testkit.TrackingStoreContract;
import org.junit.jupiter.api.AfterEach;

/**
 * The store contract on a real MariaDB server (the MySQL dialect), each test on a fresh database.
 */
class MariaDbTrackingStoreTest extends TrackingStoreContract {
  private Database db;

  @Override
  protected TrackingStore openStore() {
    db = Databases.open(TestMariaDb.newDatabase());
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
