package dev.cairn.store.sql.transfer;

import dev.cairn.store.sql.Database;
import dev.cairn.store.sql.Dialect;
import dev.cairn.store.sql.Schema;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Copies every row of one MLflow database into another (SQLite, PostgreSQL, MySQL in any
 * direction), both at Cairn's schema revision. Tables go in foreign-key order, rows in batches that
 * each commit; rows already in the target are skipped, so an interrupted copy resumes by running it
 * again. Afterwards the row counts of every table are compared.
 */
public final class DatabaseCopy {
  private static final int BATCH = 1_000;

  /** Progress of the copy, table by table. */
  public interface Progress {
    void table(String table, long total);

    void copied(String table, long done, long total);
  }

  /** Rows per table in the source and the target after the copy. */
  public record Count(String table, long source, long target) {
    public boolean equal() {
      return source == target;
    }
  }

  private final Database source;
  private final Database target;

  public DatabaseCopy(Database source, Database target) {
    this.source = source;
    this.target = target;
  }

  /**
   * @param targetRoot the default artifact root a new target database is created with (its Default
   *     experiment is then replaced by the source's)
   * @throws IllegalStateException when either database is not at Cairn's schema revision
   */
  public List<Count> run(String targetRoot, Progress progress) {
    String from = Schema.revision(source);
    if (from == null) {
      throw new IllegalStateException("the source database holds no MLflow schema");
    }
    if (!Schema.ALEMBIC_HEAD.equals(from)) {
      throw new IllegalStateException(
          "the source database is at schema revision '"
              + from
              + "', not '"
              + Schema.ALEMBIC_HEAD
              + "' (mlflow 3.17.2): upgrade it first");
    }
    ImportTarget.prepare(target, targetRoot, true);
    List<String> tables = order(tables());
    for (String table : tables) {
      copy(table, progress);
    }
    ImportTarget.finish(target);
    List<Count> counts = new ArrayList<>();
    for (String table : tables) {
      counts.add(new Count(table, count(source, table), count(target, table)));
    }
    return counts;
  }

  /** The tables of MLflow's schema (the target's, created by Cairn), but alembic_version. */
  private List<String> tables() {
    return target.read(
        c -> {
          List<String> out = new ArrayList<>();
          try (ResultSet rs =
              c.getMetaData()
                  .getTables(c.getCatalog(), c.getSchema(), "%", new String[] {"TABLE"})) {
            while (rs.next()) {
              String name = rs.getString("TABLE_NAME");
              if (!name.equalsIgnoreCase("alembic_version") && !name.startsWith("sqlite_")) {
                out.add(name);
              }
            }
          }
          Collections.sort(out);
          return out;
        });
  }

  /** Parents before children, by the target's foreign keys. */
  private List<String> order(List<String> tables) {
    Map<String, Set<String>> parents = new TreeMap<>();
    target.read(
        c -> {
          DatabaseMetaData meta = c.getMetaData();
          for (String table : tables) {
            Set<String> p = new LinkedHashSet<>();
            try (ResultSet rs = meta.getImportedKeys(c.getCatalog(), c.getSchema(), table)) {
              while (rs.next()) {
                String parent = rs.getString("PKTABLE_NAME");
                if (!parent.equals(table) && tables.contains(parent)) {
                  p.add(parent);
                }
              }
            }
            parents.put(table, p);
          }
          return null;
        });
    List<String> out = new ArrayList<>();
    Set<String> done = new LinkedHashSet<>();
    for (String table : tables) {
      visit(table, parents, done, new LinkedHashSet<>(), out);
    }
    return out;
  }

  private static void visit(
      String table,
      Map<String, Set<String>> parents,
      Set<String> done,
      Set<String> path,
      List<String> out) {
    if (done.contains(table) || !path.add(table)) {
      return;
    }
    for (String parent : parents.getOrDefault(table, Set.of())) {
      visit(parent, parents, done, path, out);
    }
    done.add(table);
    out.add(table);
  }

  private record Column(String name, int type) {}

  private List<Column> columns(String table) {
    return target.read(
        c -> {
          List<Column> out = new ArrayList<>();
          try (ResultSet rs =
              c.getMetaData().getColumns(c.getCatalog(), c.getSchema(), table, "%")) {
            while (rs.next()) {
              out.add(new Column(rs.getString("COLUMN_NAME"), rs.getInt("DATA_TYPE")));
            }
          }
          return out;
        });
  }

  private static long count(Database db, String table) {
    return db.read(
        c -> {
          try (Statement s = c.createStatement();
              ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + quote(db, table))) {
            rs.next();
            return rs.getLong(1);
          }
        });
  }

  private void copy(String table, Progress progress) {
    long total = count(source, table);
    progress.table(table, total);
    if (total == 0 || count(target, table) == total) {
      progress.copied(table, total, total);
      return;
    }
    List<Column> columns = columns(table);
    StringBuilder names = new StringBuilder();
    for (Column col : columns) {
      names.append(names.isEmpty() ? "" : ", ").append(quote(source, col.name()));
    }
    StringBuilder targetNames = new StringBuilder();
    for (Column col : columns) {
      targetNames.append(targetNames.isEmpty() ? "" : ", ").append(quote(target, col.name()));
    }
    String insert =
        target.dialect().insertIgnorePrefix()
            + quote(target, table)
            + " ("
            + targetNames
            + ") VALUES ("
            + String.join(", ", Collections.nCopies(columns.size(), "?"))
            + ")"
            + target.dialect().insertIgnoreSuffix();
    source.read(
        c -> {
          try (Statement s = c.createStatement()) {
            s.setFetchSize(BATCH);
            try (ResultSet rs =
                s.executeQuery("SELECT " + names + " FROM " + quote(source, table))) {
              List<Object[]> batch = new ArrayList<>(BATCH);
              long done = 0;
              while (rs.next()) {
                Object[] row = new Object[columns.size()];
                for (int i = 0; i < row.length; i++) {
                  row[i] = rs.getObject(i + 1);
                }
                batch.add(row);
                if (batch.size() == BATCH) {
                  write(insert, columns, batch);
                  done += batch.size();
                  batch.clear();
                  progress.copied(table, done, total);
                }
              }
              write(insert, columns, batch);
              progress.copied(table, done + batch.size(), total);
            }
          }
          return null;
        });
  }

  private void write(String insert, List<Column> columns, List<Object[]> rows) {
    if (rows.isEmpty()) {
      return;
    }
    target.write(
        c -> {
          boolean mysql = target.dialect() == Dialect.MYSQL;
          if (mysql) {
            // Experiment 0 (Default) is an explicit 0 in an AUTO_INCREMENT column.
            sqlMode(c, "SET @cairn_sql_mode = @@SESSION.sql_mode");
            sqlMode(
                c, "SET SESSION sql_mode = CONCAT(@@SESSION.sql_mode, ',NO_AUTO_VALUE_ON_ZERO')");
          }
          try (PreparedStatement p = c.prepareStatement(insert)) {
            for (Object[] row : rows) {
              for (int i = 0; i < row.length; i++) {
                bind(p, i + 1, row[i], columns.get(i).type());
              }
              p.addBatch();
            }
            p.executeBatch();
          } finally {
            if (mysql) {
              sqlMode(c, "SET SESSION sql_mode = @cairn_sql_mode");
            }
          }
          return null;
        });
  }

  private static void sqlMode(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }

  /** Values as the target column takes them: booleans from SQLite's 0/1, JSON from text. */
  private static void bind(PreparedStatement p, int index, Object value, int type)
      throws SQLException {
    if (value == null) {
      p.setNull(index, type == Types.OTHER ? Types.VARCHAR : type);
    } else if ((type == Types.BOOLEAN || type == Types.BIT) && value instanceof Number n) {
      p.setBoolean(index, n.intValue() != 0);
    } else if (value instanceof Boolean b && type != Types.BOOLEAN && type != Types.BIT) {
      p.setInt(index, b ? 1 : 0);
    } else if (type == Types.OTHER) {
      p.setObject(index, value.toString(), Types.OTHER);
    } else {
      p.setObject(index, value);
    }
  }

  private static String quote(Database db, String identifier) {
    String q = db.dialect() == Dialect.MYSQL ? "`" : "\"";
    return q + identifier + q;
  }

  /** For messages: the counts that differ. */
  public static Map<String, String> mismatches(List<Count> counts) {
    Map<String, String> out = new LinkedHashMap<>();
    for (Count c : counts) {
      if (!c.equal()) {
        out.put(
            c.table(),
            String.format(Locale.ROOT, "source %,d rows, target %,d", c.source(), c.target()));
      }
    }
    return out;
  }
}
