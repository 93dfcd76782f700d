package dev.cairn.server;

import dev.cairn.testkit.TestMariaDb;

class MariaDbScaleOutIT extends ScaleOutContract {
  @Override
  String newDatabase() {
    return TestMariaDb.newDatabase();
  }
}
