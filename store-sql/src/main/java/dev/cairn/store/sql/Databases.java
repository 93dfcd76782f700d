package dev.cairn.store.sql;

import dev.cairn.store.sql.sqlite.SqliteDatabase;
import java.nio.file.Path;

/** Opens the database a backend store URI names, as MLflow spells them. */
public final class Databases {
  private Databases() {}

  /**
   * {@code sqlite:///relative/path.db} (three slashes: relative to the working directory) or {@code
   * sqlite:////absolute/path.db}.
   *
   * @throws IllegalArgumentException for a URI Cairn cannot open, with a one-line reason
   */
  public static Database open(String uri) {
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
    throw new IllegalArgumentException(
        "unsupported backend store URI scheme '" + scheme + "' (supported: sqlite)");
  }
}
