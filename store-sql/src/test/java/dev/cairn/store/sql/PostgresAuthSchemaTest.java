package dev.cairn.store.sql;

import dev.cairn.testkit.TestPostgres;

/** MLflow's auth schema on PostgreSQL 18. */
class PostgresAuthSchemaTest extends AuthSchemaContract {
  @Override
  String newDatabase() {
    return TestPostgres.newDatabase();
  }
}
