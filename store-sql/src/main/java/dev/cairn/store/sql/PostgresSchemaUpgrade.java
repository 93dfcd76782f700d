package dev.cairn.store.sql;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code cairn db upgrade} on PostgreSQL, where DDL is transactional: the head schema is built in a
 * staging schema beside the old tables, the rows are carried over table by table (parents before
 * children, the columns both have; columns the head adds take their defaults), the old tables
 * dropped and the new ones moved in with their indexes, constraints, sequences and triggers. The
 * result is the head's schema exactly, as a database MLflow 3.17.2 creates; a failure anywhere
 * rolls everything back. Tables that are not MLflow's are left alone.
 */
final class PostgresSchemaUpgrade {
  private static final String STAGING = "cairn_upgrade";

  private PostgresSchemaUpgrade() {}

  static SchemaUpgrade.Report apply(Connection c, String from) throws SQLException {
    String home = Jdbc.queryOne(c, "SELECT current_schema()", rs -> rs.getString(1));
    Catalog.execute(c, "DROP SCHEMA IF EXISTS " + STAGING + " CASCADE");
    Catalog.execute(c, "CREATE SCHEMA " + STAGING);
    Catalog.execute(c, "SET LOCAL search_path TO " + STAGING);
    Schema.create(c, Dialect.POSTGRESQL);
    Catalog.execute(c, "SET LOCAL search_path TO \"" + home + "\"");

    Set<String> old = new LinkedHashSet<>(Catalog.tables(c, home));
    List<String> created = new ArrayList<>();
    List<String> carried = new ArrayList<>();
    for (String table : parentsFirst(c)) {
      if (!old.contains(table)) {
        created.add(table);
        continue;
      }
      if (table.equals("alembic_version")) {
        continue;
      }
      SchemaUpgrade.carryRows(c, Dialect.POSTGRESQL, home, STAGING, table);
      carried.add(table);
    }
    // Sequences continue after the carried ids.
    for (String[] serial :
        Jdbc.query(
            c,
            "SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = ?"
                + " AND column_default LIKE 'nextval(%'",
            rs -> new String[] {rs.getString(1), rs.getString(2)},
            STAGING)) {
      Jdbc.queryOne(
          c,
          String.format(
              "SELECT setval(pg_get_serial_sequence('%s.\"%s\"', '%s'), COALESCE(MAX(\"%s\"), 1),"
                  + " MAX(\"%s\") IS NOT NULL) FROM %s.\"%s\"",
              STAGING, serial[0], serial[1], serial[1], serial[1], STAGING, serial[0]),
          rs -> rs.getLong(1));
    }
    List<String> mine = Catalog.tables(c, STAGING);
    for (String table : mine) {
      if (old.contains(table)) {
        Catalog.execute(c, String.format("DROP TABLE \"%s\".\"%s\" CASCADE", home, table));
      }
    }
    for (String function :
        Jdbc.query(
            c,
            "SELECT p.oid::regprocedure::text FROM pg_proc p JOIN pg_namespace n ON n.oid ="
                + " p.pronamespace WHERE n.nspname = ?",
            rs -> rs.getString(1),
            STAGING)) {
      String name = function.substring(function.indexOf('.') + 1);
      Catalog.execute(c, String.format("DROP FUNCTION IF EXISTS \"%s\".%s CASCADE", home, name));
      Catalog.execute(c, String.format("ALTER FUNCTION %s SET SCHEMA \"%s\"", function, home));
    }
    for (String table : mine) {
      Catalog.execute(
          c, String.format("ALTER TABLE %s.\"%s\" SET SCHEMA \"%s\"", STAGING, table, home));
    }
    Catalog.execute(c, "DROP SCHEMA " + STAGING);
    return new SchemaUpgrade.Report(from, created, carried, 0, 0);
  }

  /** The head's tables, each after the tables its foreign keys point to. */
  private static List<String> parentsFirst(Connection c) throws SQLException {
    Map<String, Set<String>> parents = new LinkedHashMap<>();
    for (String table : Catalog.tables(c, STAGING)) {
      parents.put(table, new LinkedHashSet<>());
    }
    for (String[] fk :
        Jdbc.query(
            c,
            "SELECT conrelid::regclass::text, confrelid::regclass::text FROM pg_constraint WHERE"
                + " contype = 'f' AND connamespace = ?::regnamespace",
            rs -> new String[] {rs.getString(1), rs.getString(2)},
            STAGING)) {
      String child = unqualified(fk[0]);
      String parent = unqualified(fk[1]);
      if (!child.equals(parent)) {
        parents.get(child).add(parent);
      }
    }
    List<String> out = new ArrayList<>();
    Set<String> done = new LinkedHashSet<>();
    while (out.size() < parents.size()) {
      boolean progress = false;
      for (Map.Entry<String, Set<String>> e : parents.entrySet()) {
        if (!done.contains(e.getKey()) && done.containsAll(e.getValue())) {
          done.add(e.getKey());
          out.add(e.getKey());
          progress = true;
        }
      }
      if (!progress) {
        throw new IllegalStateException("foreign keys of the head schema form a cycle");
      }
    }
    return out;
  }

  private static String unqualified(String name) {
    String n = name.substring(name.lastIndexOf('.') + 1);
    return n.startsWith("\"") ? n.substring(1, n.length() - 1) : n;
  }
}
