package dev.cairn.store.sql;

import dev.cairn.testkit.TestMariaDb;

/** The auth store contract on MariaDB 11.4 (the MySQL dialect). */
class MariaDbAuthStoreTest extends SqlAuthStoreTest {
  @Override
  String newDatabase() {
    return TestMariaDb.newDatabase();
  }
}
