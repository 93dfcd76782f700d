package dev.cairn.store.sql;

import dev.cairn.testkit.TestPostgres;

/** The store contract on PostgreSQL 18. */
class PostgresTrackingStoreTest extends ServerDatabaseStoreTest {
  @Override
  String newDatabase() {
    return TestPostgres.newDatabase();
  }
}
