package dev.cairn.store.sql.server;

import dev.cairn.store.sql.Dialect;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * A client/server database URI as MLflow users write them (SQLAlchemy's form): {@code
 * postgresql[+driver]://user:password@host:port/database?option=value}. The driver suffix ({@code
 * +psycopg2}, {@code +pymysql}, ...) names a Python driver and is ignored here.
 *
 * @param options the query options, translated to the JDBC driver's property names
 */
public record ServerUri(
    Dialect dialect,
    String host,
    int port,
    String database,
    String user,
    String password,
    Map<String, String> options) {

  /** libpq option names that the PostgreSQL JDBC driver spells differently. */
  private static final Map<String, String> POSTGRES_RENAMES =
      Map.of("connect_timeout", "connectTimeout", "application_name", "ApplicationName");

  /** libpq options the JDBC driver does not understand and that would be silently wrong. */
  private static final java.util.Set<String> POSTGRES_UNSUPPORTED =
      java.util.Set.of("host", "hostaddr", "service", "passfile");

  /**
   * @throws IllegalArgumentException with a one-line reason naming what is wrong
   */
  public static ServerUri parse(String uri) {
    int colon = uri.indexOf("://");
    if (colon < 0) {
      throw new IllegalArgumentException("invalid backend store URI '" + redact(uri) + "'");
    }
    String scheme = uri.substring(0, colon).toLowerCase(Locale.ROOT);
    String base = scheme.contains("+") ? scheme.substring(0, scheme.indexOf('+')) : scheme;
    Dialect dialect =
        switch (base) {
          case "postgresql", "postgres" -> Dialect.POSTGRESQL;
          case "mysql", "mariadb" -> Dialect.MYSQL;
          default ->
              throw new IllegalArgumentException(
                  "unsupported backend store URI scheme '" + scheme + "'");
        };
    String rest = uri.substring(colon + 3);
    String query = "";
    int q = rest.indexOf('?');
    if (q >= 0) {
      query = rest.substring(q + 1);
      rest = rest.substring(0, q);
    }
    int slash = rest.indexOf('/');
    String authority = slash < 0 ? rest : rest.substring(0, slash);
    String database = slash < 0 ? "" : decode(rest.substring(slash + 1));
    if (database.isEmpty() || database.contains("/")) {
      throw new IllegalArgumentException(
          "backend store URI '"
              + redact(uri)
              + "' names no database (expected ..."
              + "/<database>)");
    }
    String user = null;
    String password = null;
    int at = authority.lastIndexOf('@');
    if (at >= 0) {
      String credentials = authority.substring(0, at);
      authority = authority.substring(at + 1);
      int sep = credentials.indexOf(':');
      user = decode(sep < 0 ? credentials : credentials.substring(0, sep));
      password = sep < 0 ? null : decode(credentials.substring(sep + 1));
    }
    String host = authority;
    int port = dialect == Dialect.POSTGRESQL ? 5432 : 3306;
    int portSep = authority.lastIndexOf(':');
    if (portSep >= 0 && !authority.endsWith("]")) {
      host = authority.substring(0, portSep);
      String digits = authority.substring(portSep + 1);
      try {
        port = Integer.parseInt(digits);
      } catch (NumberFormatException e) {
        port = -1;
      }
      if (port < 1 || port > 65535) {
        throw new IllegalArgumentException(
            "backend store URI '" + redact(uri) + "' has an invalid port '" + digits + "'");
      }
    }
    if (host.isEmpty()) {
      host = "localhost";
    }
    return new ServerUri(
        dialect, host, port, database, user, password, options(dialect, query, uri));
  }

  private static Map<String, String> options(Dialect dialect, String query, String uri) {
    Map<String, String> out = new LinkedHashMap<>();
    if (query.isEmpty()) {
      return out;
    }
    for (String pair : query.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String key = decode(eq < 0 ? pair : pair.substring(0, eq));
      String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
      if (dialect == Dialect.POSTGRESQL) {
        if (POSTGRES_UNSUPPORTED.contains(key)) {
          throw new IllegalArgumentException(
              "backend store URI option '"
                  + key
                  + "' is not supported (Cairn connects over TCP: put the host in the URI)");
        }
        key = POSTGRES_RENAMES.getOrDefault(key, key);
      }
      out.put(key, value);
    }
    return out;
  }

  private static String decode(String s) {
    try {
      return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("invalid percent-encoding in backend store URI");
    }
  }

  /** The URI with its password replaced by {@code ***}, for messages and logs. */
  public static String redact(String uri) {
    return uri.replaceFirst("(://[^/@:]*:)[^/@]*@", "$1***@");
  }

  /** The JDBC URL, without credentials. */
  public String jdbcUrl() {
    String h = host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
    return switch (dialect) {
      case POSTGRESQL -> "jdbc:postgresql://" + h + ":" + port + "/" + database;
      case MYSQL -> "jdbc:mariadb://" + h + ":" + port + "/" + database;
      case SQLITE -> throw new IllegalStateException("not a server database");
    };
  }

  /** Driver properties: credentials and the URI's options. */
  public Properties properties() {
    Properties p = new Properties();
    options.forEach(p::setProperty);
    if (user != null) {
      p.setProperty("user", user);
    }
    if (password != null) {
      p.setProperty("password", password);
    }
    return p;
  }

  /** For messages: where the database is, without credentials. */
  public String describe() {
    return dialect.name().toLowerCase(Locale.ROOT)
        + " database '"
        + database
        + "' at "
        + host
        + ":"
        + port;
  }
}
