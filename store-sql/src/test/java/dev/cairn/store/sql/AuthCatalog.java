package dev.cairn.store.sql;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A database's schema as sorted text lines (tables, columns with type, nullability, default and
 * position, keys, unique constraints, indexes, foreign keys, sequences), read from the database's
 * own catalog so that two schemas compare as two lists; and the reference lines of MLflow's auth
 * schema checked in next to this class.
 *
 * <p>The references were made once: mlflow 3.17.2 created an auth database with {@code
 * SqlAlchemyStore().init_db(uri)} of {@code mlflow.server.auth.sqlalchemy_store} (Flask-WTF must be
 * importable for that module to load) on SQLite, on the test PostgreSQL 18 and on the test MariaDB
 * 11.4 ({@code compat/database.sh} starts either), and {@link #main} described each; on MariaDB the
 * migrations ran with one foreign key renamed, as the header of {@code schema/auth-mysql.sql} says.
 */
final class AuthCatalog {
  private AuthCatalog() {}

  /** Prints the description of the database a backend store URI names. */
  public static void main(String[] args) {
    try (Database db = Databases.open(args[0])) {
      describe(db).forEach(System.out::println);
    }
  }

  static List<String> describe(Database db) {
    List<String> lines =
        db.read(
            c ->
                switch (db.dialect()) {
                  case SQLITE -> sqlite(c);
                  case POSTGRESQL -> postgres(c);
                  case MYSQL -> mysql(c);
                });
    lines.sort(null);
    return lines;
  }

  /**
   * The description without Cairn's own objects (the audit log, all named {@code cairn_*}): what
   * compares with MLflow's reference.
   */
  static List<String> describeMlflows(Database db) {
    return describe(db).stream().filter(line -> !line.contains("cairn_")).toList();
  }

  /** The lines of {@code auth-schema-<dialect>.txt}, without its {@code #} comments. */
  static List<String> reference(Dialect dialect) {
    String name = "auth-schema-" + dialect.name().toLowerCase(Locale.ROOT) + ".txt";
    try (InputStream in = AuthCatalog.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("missing test resource " + name);
      }
      List<String> lines = new ArrayList<>();
      for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
        if (!line.isBlank() && !line.startsWith("#")) {
          lines.add(line);
        }
      }
      lines.sort(null);
      return lines;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * SQLite keeps constraint names only in the stored DDL, so its text is part of the description
   * (with runs of white space made one space).
   */
  private static List<String> sqlite(Connection c) throws SQLException {
    return lines(
        c,
        "SELECT 'sql', type, name, tbl_name, sql FROM sqlite_master WHERE name NOT LIKE"
            + " 'sqlite_%'",
        "SELECT 'column', m.name, p.cid, p.name, p.type, p.\"notnull\", p.dflt_value, p.pk,"
            + " p.hidden"
            + eachTable("pragma_table_xinfo(m.name) p"),
        "SELECT 'index', m.name, i.name, i.\"unique\", i.origin, i.partial"
            + eachTable("pragma_index_list(m.name) i"),
        "SELECT 'index-column', m.name, i.name, x.seqno, x.name"
            + eachTable("pragma_index_list(m.name) i, pragma_index_info(i.name) x"),
        "SELECT 'fk', m.name, f.id, f.seq, f.\"from\", f.\"table\", f.\"to\", f.on_update,"
            + " f.on_delete, f.\"match\""
            + eachTable("pragma_foreign_key_list(m.name) f"));
  }

  /** The FROM and WHERE clauses that join a pragma function to every table. */
  private static String eachTable(String pragmas) {
    return " FROM sqlite_master m, "
        + pragmas
        + " WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%'";
  }

  /**
   * PostgreSQL's NOT NULL constraints (named since 18) are left out: the columns' nullability says
   * the same.
   */
  private static List<String> postgres(Connection c) throws SQLException {
    return lines(
        c,
        "SELECT 'column', table_name, ordinal_position, column_name, data_type,"
            + " character_maximum_length, is_nullable, column_default FROM"
            + " information_schema.columns WHERE table_schema = current_schema()",
        "SELECT 'constraint', conrelid::regclass::text, conname, pg_get_constraintdef(oid) FROM"
            + " pg_constraint WHERE connamespace = current_schema()::regnamespace AND contype <>"
            + " 'n'",
        "SELECT 'index', tablename, indexname, indexdef FROM pg_indexes WHERE schemaname ="
            + " current_schema()",
        "SELECT 'sequence', sequence_name, data_type, start_value, minimum_value, maximum_value,"
            + " increment, cycle_option FROM information_schema.sequences WHERE sequence_schema ="
            + " current_schema()",
        "SELECT 'owned', s.relname, t.relname, a.attname FROM pg_depend d JOIN pg_class s ON"
            + " s.oid = d.objid AND s.relkind = 'S' JOIN pg_class t ON t.oid = d.refobjid JOIN"
            + " pg_attribute a ON a.attrelid = t.oid AND a.attnum = d.refobjsubid WHERE d.deptype"
            + " = 'a' AND s.relnamespace = current_schema()::regnamespace",
        "SELECT 'function', proname FROM pg_proc WHERE pronamespace ="
            + " current_schema()::regnamespace",
        "SELECT 'trigger', tgrelid::regclass::text, tgname FROM pg_trigger t JOIN pg_class r ON"
            + " r.oid = t.tgrelid WHERE NOT tgisinternal AND r.relnamespace ="
            + " current_schema()::regnamespace");
  }

  private static List<String> mysql(Connection c) throws SQLException {
    String here = "TABLE_SCHEMA = DATABASE()";
    return lines(
        c,
        "SELECT 'table', TABLE_NAME, ENGINE, TABLE_COLLATION FROM information_schema.TABLES WHERE "
            + here,
        "SELECT 'column', TABLE_NAME, ORDINAL_POSITION, COLUMN_NAME, COLUMN_TYPE, IS_NULLABLE,"
            + " COLUMN_DEFAULT, EXTRA, CHARACTER_SET_NAME, COLLATION_NAME FROM"
            + " information_schema.COLUMNS WHERE "
            + here,
        "SELECT 'index', TABLE_NAME, INDEX_NAME, NON_UNIQUE, SEQ_IN_INDEX, COLUMN_NAME FROM"
            + " information_schema.STATISTICS WHERE "
            + here,
        "SELECT 'constraint', TABLE_NAME, CONSTRAINT_NAME, CONSTRAINT_TYPE FROM"
            + " information_schema.TABLE_CONSTRAINTS WHERE CONSTRAINT_SCHEMA = DATABASE()",
        "SELECT 'check', TABLE_NAME, CONSTRAINT_NAME, CHECK_CLAUSE FROM"
            + " information_schema.CHECK_CONSTRAINTS WHERE CONSTRAINT_SCHEMA = DATABASE()",
        "SELECT 'fk', k.TABLE_NAME, k.CONSTRAINT_NAME, k.ORDINAL_POSITION, k.COLUMN_NAME,"
            + " k.REFERENCED_TABLE_NAME, k.REFERENCED_COLUMN_NAME, r.UPDATE_RULE, r.DELETE_RULE FROM"
            + " information_schema.KEY_COLUMN_USAGE k JOIN"
            + " information_schema.REFERENTIAL_CONSTRAINTS r ON r.CONSTRAINT_SCHEMA ="
            + " k.CONSTRAINT_SCHEMA AND r.CONSTRAINT_NAME = k.CONSTRAINT_NAME AND r.TABLE_NAME ="
            + " k.TABLE_NAME WHERE k.CONSTRAINT_SCHEMA = DATABASE()",
        "SELECT 'trigger', EVENT_OBJECT_TABLE, TRIGGER_NAME FROM information_schema.TRIGGERS WHERE"
            + " TRIGGER_SCHEMA = DATABASE()");
  }

  /** Each row of each query as one line: its values joined by spaces, white space collapsed. */
  private static List<String> lines(Connection c, String... queries) throws SQLException {
    List<String> out = new ArrayList<>();
    for (String query : queries) {
      out.addAll(Jdbc.query(c, query, AuthCatalog::line));
    }
    return out;
  }

  private static String line(ResultSet rs) throws SQLException {
    int n = rs.getMetaData().getColumnCount();
    List<String> values = new ArrayList<>(n);
    for (int i = 1; i <= n; i++) {
      String value = rs.getString(i);
      values.add(value == null ? "null" : value.strip().replaceAll("\\s+", " "));
    }
    return String.join(" ", values);
  }
}
