package dev.cairn.store.sql.server;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;

/**
 * MySQL and MariaDB reserve {@code KEY}, which MLflow's schema uses as a column name (SQLAlchemy
 * quotes it there). Rather than quoting it in every statement for one dialect, connections to them
 * rewrite each prepared statement's bare {@code key} identifiers to {@code `key`}.
 */
final class MysqlStatements {
  private MysqlStatements() {}

  /** A connection whose {@code prepareStatement}/{@code prepareCall} quote the reserved word. */
  static Connection wrap(Connection connection) {
    InvocationHandler handler =
        (proxy, method, args) -> {
          String name = method.getName();
          if ((name.equals("prepareStatement") || name.equals("prepareCall"))
              && args != null
              && args[0] instanceof String sql) {
            args[0] = quoteReserved(sql);
          }
          try {
            return method.invoke(connection, args);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
        };
    return (Connection)
        Proxy.newProxyInstance(
            MysqlStatements.class.getClassLoader(), new Class<?>[] {Connection.class}, handler);
  }

  /**
   * Quotes every lower-case identifier {@code key} (also after a table alias's dot) outside string
   * literals and already-quoted identifiers; {@code ON DUPLICATE KEY} is upper case and stays.
   */
  static String quoteReserved(String sql) {
    if (!sql.contains("key")) {
      return sql;
    }
    StringBuilder out = new StringBuilder(sql.length() + 16);
    char quote = 0;
    for (int i = 0; i < sql.length(); i++) {
      char ch = sql.charAt(i);
      if (quote != 0) {
        out.append(ch);
        if (ch == quote) {
          quote = 0;
        }
        continue;
      }
      if (ch == '\'' || ch == '`' || ch == '"') {
        quote = ch;
        out.append(ch);
        continue;
      }
      if (sql.startsWith("key", i)
          && (i == 0 || !identifierPart(sql.charAt(i - 1)))
          && (i + 3 == sql.length() || !identifierPart(sql.charAt(i + 3)))) {
        out.append("`key`");
        i += 2;
        continue;
      }
      out.append(ch);
    }
    return out.toString();
  }

  private static boolean identifierPart(char ch) {
    return Character.isLetterOrDigit(ch) || ch == '_' || ch == '$';
  }
}
