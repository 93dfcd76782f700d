package dev.cairn.store.sql;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Brings a database written by an older MLflow to Cairn's schema revision ({@code cairn db
 * upgrade}); PostgreSQL and MySQL have their own recipes ({@link PostgresSchemaUpgrade}, {@link
 * MysqlSchemaUpgrade}), this class does SQLite. Instead of replaying MLflow's alembic migrations
 * one by one, it compares every table with its definition at the head: a missing table is created,
 * a table whose definition differs is rebuilt from the head's definition (SQLite's own recipe:
 * create the new table, copy the columns both have, drop the old one, rename), indexes and triggers
 * are made to match. Rows keep their values; columns the head adds take their defaults, as MLflow's
 * migrations give them. One transaction: a failed upgrade leaves the database as it was.
 */
public final class SchemaUpgrade {
  private static final Pattern CREATE_TABLE =
      Pattern.compile("^CREATE TABLE \"?(\\w+)\"?\\s*\\(", Pattern.CASE_INSENSITIVE);
  private static final Pattern CREATE_INDEX =
      Pattern.compile(
          "^CREATE (?:UNIQUE )?INDEX \"?(\\w+)\"? ON \"?(\\w+)\"?", Pattern.CASE_INSENSITIVE);
  private static final Pattern CREATE_TRIGGER =
      Pattern.compile("^CREATE TRIGGER \"?(\\w+)\"?", Pattern.CASE_INSENSITIVE);

  /** What the upgrade did, for the command's output. */
  public record Report(
      String from, List<String> created, List<String> rebuilt, int indexes, int triggers) {}

  private SchemaUpgrade() {}

  /**
   * @throws IllegalStateException when the database holds no MLflow schema, is not SQLite, or a
   *     table cannot be carried over (a new NOT NULL column without a default)
   */
  public static Report upgrade(Database db) {
    String from = Schema.revision(db);
    if (from == null) {
      throw new IllegalStateException("the database holds no MLflow schema to upgrade");
    }
    if (Schema.ALEMBIC_HEAD.equals(from)) {
      return new Report(from, List.of(), List.of(), 0, 0);
    }
    if (db.dialect() == Dialect.POSTGRESQL) {
      return db.write(
          c -> {
            Report r = PostgresSchemaUpgrade.apply(c, from);
            defaultWorkspace(c);
            return r;
          });
    }
    if (db.dialect() == Dialect.MYSQL) {
      return db.write(
          c -> {
            Report r = MysqlSchemaUpgrade.apply(c, from);
            defaultWorkspace(c);
            return r;
          });
    }
    Map<String, String> tables = new LinkedHashMap<>();
    Map<String, String> indexes = new LinkedHashMap<>();
    Map<String, String> indexTable = new LinkedHashMap<>();
    Map<String, String> triggers = new LinkedHashMap<>();
    for (String statement : Schema.statements(Schema.resource("schema/sqlite.sql"))) {
      String s = statement.strip();
      Matcher t = CREATE_TABLE.matcher(s);
      Matcher i = CREATE_INDEX.matcher(s);
      Matcher g = CREATE_TRIGGER.matcher(s);
      if (t.find()) {
        tables.put(t.group(1), s);
      } else if (i.find()) {
        indexes.put(i.group(1), s);
        indexTable.put(i.group(1), i.group(2));
      } else if (g.find()) {
        triggers.put(g.group(1), s);
      }
    }
    return db.write(c -> apply(c, from, tables, indexes, indexTable, triggers));
  }

  private static Report apply(
      Connection c,
      String from,
      Map<String, String> tables,
      Map<String, String> indexes,
      Map<String, String> indexTable,
      Map<String, String> triggers)
      throws SQLException {
    Map<String, String> existingTables = master(c, "table");
    Map<String, String> existingIndexes = master(c, "index");
    Map<String, String> existingTriggers = master(c, "trigger");
    List<String> created = new ArrayList<>();
    List<String> rebuilt = new ArrayList<>();
    Set<String> fresh = new LinkedHashSet<>();
    for (Map.Entry<String, String> table : tables.entrySet()) {
      String name = table.getKey();
      String current = existingTables.get(name);
      if (current == null) {
        execute(c, table.getValue());
        created.add(name);
        fresh.add(name);
      } else if (!body(current).equals(body(table.getValue()))) {
        rebuild(c, name, table.getValue());
        rebuilt.add(name);
        fresh.add(name);
      }
    }
    int indexChanges = 0;
    for (Map.Entry<String, String> index : indexes.entrySet()) {
      String name = index.getKey();
      String current = existingIndexes.get(name);
      boolean gone =
          fresh.contains(indexTable.get(name)) && !created.contains(indexTable.get(name));
      if (current == null || gone || !normalise(current).equals(normalise(index.getValue()))) {
        execute(c, "DROP INDEX IF EXISTS \"" + name + "\"");
        execute(c, index.getValue());
        indexChanges++;
      }
    }
    // Indexes the head no longer has, on tables it keeps.
    for (String name : existingIndexes.keySet()) {
      if (!indexes.containsKey(name) && !name.startsWith("sqlite_")) {
        execute(c, "DROP INDEX IF EXISTS \"" + name + "\"");
        indexChanges++;
      }
    }
    int triggerChanges = 0;
    for (Map.Entry<String, String> trigger : triggers.entrySet()) {
      String current = existingTriggers.get(trigger.getKey());
      if (current == null || !normalise(current).equals(normalise(trigger.getValue()))) {
        execute(c, "DROP TRIGGER IF EXISTS \"" + trigger.getKey() + "\"");
        execute(c, trigger.getValue());
        triggerChanges++;
      }
    }
    defaultWorkspace(c);
    Jdbc.update(c, "UPDATE alembic_version SET version_num = ?", Schema.ALEMBIC_HEAD);
    return new Report(from, created, rebuilt, indexChanges, triggerChanges);
  }

  /**
   * Copies a table's rows from schema (database) {@code from} into the same table of {@code to}:
   * the columns both have; the others take the new table's defaults.
   */
  static void carryRows(Connection c, Dialect dialect, String from, String to, String table)
      throws SQLException {
    char quote = dialect == Dialect.MYSQL ? '`' : '"';
    List<String> fromColumns = Catalog.columns(c, dialect, from, table);
    List<String> toColumns = Catalog.columns(c, dialect, to, table);
    Set<String> before = new LinkedHashSet<>(fromColumns);
    List<String> common = new ArrayList<>();
    for (String column : toColumns) {
      if (before.contains(column)) {
        common.add(quote + column + quote);
      }
    }
    String list = String.join(", ", common);
    String q = String.valueOf(quote);
    try {
      execute(
          c,
          "INSERT INTO "
              + q
              + to
              + q
              + "."
              + q
              + table
              + q
              + " ("
              + list
              + ") SELECT "
              + list
              + " FROM "
              + q
              + from
              + q
              + "."
              + q
              + table
              + q);
    } catch (SQLException e) {
      throw new IllegalStateException(
          "cannot carry the rows of table " + table + " over: " + e.getMessage(), e);
    }
  }

  /** The one row a migration writes (the workspace that every existing row belongs to). */
  private static void defaultWorkspace(Connection c) throws SQLException {
    if (Jdbc.queryOne(c, "SELECT 1 FROM workspaces WHERE name = 'default'", rs -> 1) == null) {
      Jdbc.update(
          c,
          "INSERT INTO workspaces (name, description) VALUES"
              + " ('default', 'Default workspace for legacy resources')");
    }
  }

  /** SQLite's table change recipe, keeping the rows. */
  private static void rebuild(Connection c, String name, String definition) throws SQLException {
    String temp = name + "__cairn_upgrade";
    Matcher m = CREATE_TABLE.matcher(definition);
    m.find();
    execute(c, "CREATE TABLE \"" + temp + "\" (" + definition.substring(m.end()));
    Set<String> before = columns(c, name);
    List<String> common = new ArrayList<>();
    for (String column : columns(c, temp)) {
      if (before.contains(column)) {
        common.add("\"" + column + "\"");
      }
    }
    String list = String.join(", ", common);
    try {
      execute(
          c,
          "INSERT INTO \"" + temp + "\" (" + list + ") SELECT " + list + " FROM \"" + name + "\"");
    } catch (SQLException e) {
      throw new IllegalStateException(
          "cannot carry the rows of table " + name + " over: " + e.getMessage(), e);
    }
    execute(c, "DROP TABLE \"" + name + "\"");
    execute(c, "ALTER TABLE \"" + temp + "\" RENAME TO \"" + name + "\"");
  }

  private static Set<String> columns(Connection c, String table) throws SQLException {
    Set<String> out = new LinkedHashSet<>();
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("PRAGMA table_info(\"" + table + "\")")) {
      while (rs.next()) {
        out.add(rs.getString("name"));
      }
    }
    return out;
  }

  private static Map<String, String> master(Connection c, String type) throws SQLException {
    Map<String, String> out = new LinkedHashMap<>();
    for (String[] row :
        Jdbc.query(
            c,
            "SELECT name, sql FROM sqlite_master WHERE type = ? AND sql IS NOT NULL",
            rs -> new String[] {rs.getString(1), rs.getString(2)},
            type)) {
      out.put(row[0], row[1]);
    }
    return out;
  }

  /**
   * A table definition's lines as a set: MLflow's own migrations write its constraints in varying
   * order, so order does not make two definitions different.
   */
  static Set<String> body(String createTable) {
    String inner =
        createTable.substring(createTable.indexOf('(') + 1, createTable.lastIndexOf(')'));
    Set<String> out = new TreeSet<>();
    for (String line : inner.split("\n")) {
      String l = line.strip();
      while (l.endsWith(",")) {
        l = l.substring(0, l.length() - 1).strip();
      }
      if (!l.isEmpty()) {
        out.add(l);
      }
    }
    return out;
  }

  private static String normalise(String sql) {
    String s = sql.strip();
    if (s.endsWith(";")) {
      s = s.substring(0, s.length() - 1);
    }
    return s.replaceAll("\\s+", " ").replace("\"", "");
  }

  private static void execute(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute(
          sql.strip().endsWith(";") ? sql.strip().substring(0, sql.strip().length() - 1) : sql);
    }
  }
}
