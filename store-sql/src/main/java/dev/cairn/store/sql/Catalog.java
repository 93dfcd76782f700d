package dev.cairn.store.sql;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/** The information_schema reads the PostgreSQL and MySQL schema upgrades share. */
final class Catalog {
  private Catalog() {}

  /** The base tables of a schema (PostgreSQL) or database (MySQL), by name. */
  static List<String> tables(Connection c, String schema) throws SQLException {
    return Jdbc.query(
        c,
        "SELECT table_name FROM information_schema.tables WHERE table_schema = ? AND table_type ="
            + " 'BASE TABLE' ORDER BY table_name",
        rs -> rs.getString(1),
        schema);
  }

  /** A table's columns in order, without generated ones (they compute themselves). */
  static List<String> columns(Connection c, Dialect dialect, String schema, String table)
      throws SQLException {
    String stored =
        dialect == Dialect.MYSQL ? "extra NOT LIKE '%GENERATED%'" : "is_generated = 'NEVER'";
    return Jdbc.query(
        c,
        "SELECT column_name FROM information_schema.columns WHERE table_schema = ? AND table_name ="
            + " ? AND "
            + stored
            + " ORDER BY ordinal_position",
        rs -> rs.getString(1),
        schema,
        table);
  }

  static void execute(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }
}
