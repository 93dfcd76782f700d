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

  /**
   * The file of a {@code sqlite:} URI, or null for another scheme.
   *
   * @throws IllegalArgumentException for a malformed SQLite URI
   */
  public static Path sqlitePath(String uri) {
    if (!uri.startsWith("sqlite://")) {
      return null;
    }
    String rest = uri.substring("sqlite://".length());
    if (!rest.startsWith("/") || rest.length() < 2) {
      throw new IllegalArgumentException(
          "invalid SQLite URI '"
              + uri
              + "': expected sqlite:///<path> or sqlite:////<absolute path>");
    }
    String path = rest.substring(1);
    int query = path.indexOf('?');
    return Path.of(query >= 0 ? path.substring(0, query) : path);
  }

  /**
   * Opens a database that must already exist: a command that only reads or upgrades one never
   * creates an empty SQLite file where the user mistyped a path.
   *
   * @throws IllegalArgumentException "no such file" for a missing SQLite file
   */
  public static Database openExisting(String uri, Map<String, String> env) {
    Path sqlite = sqlitePath(uri);
    if (sqlite != null && !java.nio.file.Files.isRegularFile(sqlite)) {
      throw new IllegalArgumentException("no such file: " + sqlite.toAbsolutePath());
    }
    return open(uri, env);
  }

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
    Path sqlite = sqlitePath(uri);
    if (sqlite != null) {
      return SqliteDatabase.open(sqlite);
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
