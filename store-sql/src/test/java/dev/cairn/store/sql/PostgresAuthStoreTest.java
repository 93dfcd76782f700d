package dev.cairn.store.sql;

import dev.cairn.testkit.TestPostgres;

/** The auth store contract on PostgreSQL 18. */
class PostgresAuthStoreTest extends SqlAuthStoreTest {
  @Override
  String newDatabase() {
    return TestPostgres.newDatabase();
  }
}
