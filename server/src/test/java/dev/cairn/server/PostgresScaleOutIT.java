package dev.cairn.server;

import dev.cairn.testkit.TestPostgres;

class PostgresScaleOutIT extends ScaleOutContract {
  @Override
  String newDatabase() {
    return TestPostgres.newDatabase();
  }
}
