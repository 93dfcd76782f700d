package dev.cairn.store.sql;

import dev.cairn.core.auth.AuthStore;
import dev.cairn.testkit.AccountsContract;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** {@link dev.cairn.core.auth.Accounts} on a real auth store: SQLite. */
class SqliteAccountsTest extends AccountsContract {
  @TempDir Path dir;

  @Override
  protected AuthStore openStore() {
    Database db = Databases.open("sqlite:///" + dir.resolve("basic_auth.db"));
    AuthSchema.initialise(db);
    return new SqlAuthStore(db);
  }
}
