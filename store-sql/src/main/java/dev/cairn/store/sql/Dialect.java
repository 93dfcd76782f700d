package dev.cairn.store.sql;

/** What differs between the SQL databases Cairn stores into. */
public enum Dialect {
  SQLITE,
  POSTGRESQL,
  MYSQL;

  /**
   * The clause after {@code INSERT INTO t (...) VALUES (...)} that turns it into an upsert: on a
   * conflict over {@code conflictColumns} (the primary key or a unique key), the row's {@code
   * updated} columns take the inserted values.
   */
  public String upsert(String conflictColumns, String... updated) {
    StringBuilder b = new StringBuilder();
    for (String column : updated) {
      b.append(b.isEmpty() ? "" : ", ");
      b.append(column)
          .append(" = ")
          .append(this == MYSQL ? "VALUES(" + column + ")" : "excluded." + column);
    }
    return this == MYSQL
        ? " ON DUPLICATE KEY UPDATE " + b
        : " ON CONFLICT (" + conflictColumns + ") DO UPDATE SET " + b;
  }

  /** The clause that makes an INSERT skip rows whose primary key exists. */
  public String insertIgnorePrefix() {
    return this == MYSQL ? "INSERT IGNORE INTO " : "INSERT INTO ";
  }

  public String insertIgnoreSuffix() {
    return this == MYSQL ? "" : " ON CONFLICT DO NOTHING";
  }

  /**
   * Case-sensitive LIKE, as MLflow has on every backend. SQLite's LIKE is made case-sensitive by
   * the connection pragma {@code case_sensitive_like}.
   */
  public String caseSensitiveLike(String column) {
    return switch (this) {
      case SQLITE, POSTGRESQL -> column + " LIKE ?";
      case MYSQL -> "BINARY " + column + " LIKE ?";
    };
  }

  public String caseInsensitiveLike(String column) {
    return switch (this) {
      case SQLITE -> "LOWER(" + column + ") LIKE LOWER(?)";
      case POSTGRESQL -> column + " ILIKE ?";
      case MYSQL -> "LOWER(" + column + ") LIKE LOWER(?)";
    };
  }

  /**
   * After {@code FROM table}: on SQLite, makes the query read through {@code index} (an index of
   * MLflow's schema), where SQLite's planner, which has no statistics, would rather scan a covering
   * index that only narrows by a prefix; the other databases plan from statistics.
   */
  public String indexedBy(String index) {
    return this == SQLITE ? " INDEXED BY " + index : "";
  }

  /** Integer division of two integer expressions (MySQL's {@code /} answers a decimal). */
  public String intDiv(String dividend, String divisor) {
    return this == MYSQL
        ? "(" + dividend + ") DIV (" + divisor + ")"
        : "(" + dividend + ") / (" + divisor + ")";
  }
}
