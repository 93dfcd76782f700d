package dev.cairn.store.sql;

import dev.cairn.testkit.TestMariaDb;

/** MLflow's auth schema on MariaDB 11.4 (the MySQL dialect). */
class MariaDbAuthSchemaTest extends AuthSchemaContract {
  @Override
  String newDatabase() {
    return TestMariaDb.newDatabase();
  }
}
