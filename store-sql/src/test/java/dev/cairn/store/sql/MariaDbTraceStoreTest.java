package dev.cairn.store.sql;

import dev.cairn.testkit.TestMariaDb;
import dev.cairn.testkit.TraceStoreContract;

/** The trace store contract on a real database server, each test on a fresh database. */
class MariaDbTraceStoreTest extends TraceStoreContract {
  @Override
  protected Stores open() {
    Database db = Databases.open(TestMariaDb.newDatabase());
    Schema.initialise(db, ROOT, 0L);
    return new Stores(new SqlTrackingStore(db, ROOT), new SqlTraceStore(db));
  }
}
