package dev.cairn.store.sql;

import dev.cairn.store.sql.server.PoolSettings;
import dev.cairn.store.sql.server.ServerDatabase;
import dev.cairn.store.sql.server.ServerUri;
import dev.cairn.store.sql.sqlite.SqliteDatabase;
import java.nio.file.Path;
import java.util.Map;

/** Opens the database a backend store URI names, as MLflow spells them. */
public final class Databases {
  private Databases() {}

  public static Database open(String uri) {
    return open(uri, Map.of());
  }

  /**
   * {@code sqlite:///relative/path.db} (three slashes: relative to the working directory), {@code
   * sqlite:////absolute/path.db}, {@code postgresql[+driver]://user:password@host:port/db?options}
   * or {@code mysql[+driver]://...} (MySQL or MariaDB).
   *
   * @param env the pool settings of {@link PoolSettings#fromEnvironment} for server databases
   * @throws IllegalArgumentException for a URI Cairn cannot open or a database it cannot reach,
   *     with a one-line reason
   */
  public static Database open(String uri, Map<String, String> env) {
    if (uri.startsWith("sqlite://")) {
      String rest = uri.substring("sqlite://".length());
      if (!rest.startsWith("/") || rest.length() < 2) {
        throw new IllegalArgumentException(
            "invalid SQLite URI '"
                + uri
                + "': expected sqlite:///<path> or sqlite:////<absolute path>");
      }
      String path = rest.substring(1);
      int query = path.indexOf('?');
      if (query >= 0) {
        path = path.substring(0, query);
      }
      return SqliteDatabase.open(Path.of(path));
    }
    String scheme = uri.contains(":") ? uri.substring(0, uri.indexOf(':')) : uri;
    if (scheme.startsWith("postgres")
        || scheme.startsWith("mysql")
        || scheme.startsWith("mariadb")) {
      return ServerDatabase.open(ServerUri.parse(uri), PoolSettings.fromEnvironment(env));
    }
    throw new IllegalArgumentException(
        "unsupported backend store URI scheme '"
            + scheme
            + "' (supported: sqlite, postgresql, mysql)");
  }
}
