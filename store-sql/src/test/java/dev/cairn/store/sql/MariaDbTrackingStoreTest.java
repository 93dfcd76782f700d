package dev.cairn.store.sql;

import dev.cairn.testkit.TestMariaDb;

/** The store contract on MariaDB 11.4 (the MySQL dialect). */
class MariaDbTrackingStoreTest extends ServerDatabaseStoreTest {
  @Override
  String newDatabase() {
    return TestMariaDb.newDatabase();
  }
}
