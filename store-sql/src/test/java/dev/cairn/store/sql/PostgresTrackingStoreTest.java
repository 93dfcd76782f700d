package dev.cairn.store.sql;

import dev.cairn.core.tracking.TrackingStore;
import dev.cairn.testkit.TestPostgres;
import dev.cairn.testkit.TrackingStoreContract;
import org.junit.jupiter.api.AfterEach;

/** The store contract on a real PostgreSQL server, each test on a fresh database. */
class PostgresTrackingStoreTest extends TrackingStoreContract {
  private Database db;

  @Override
  protected TrackingStore openStore() {
    db = Databases.open(TestPostgres.newDatabase());
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
