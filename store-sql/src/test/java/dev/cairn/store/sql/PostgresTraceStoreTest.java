package dev.cairn.store.sql;

import dev.cairn.testkit.TestPostgres;
import dev.cairn.testkit.TraceStoreContract;

/** The trace store contract on a real database server, each test on a fresh database. */
class PostgresTraceStoreTest extends TraceStoreContract {
  @Override
  protected Stores open() {
    Database db = Databases.open(TestPostgres.newDatabase());
    Schema.initialise(db, ROOT, 0L);
    return new Stores(new SqlTrackingStore(db, ROOT), new SqlTraceStore(db));
  }
}
