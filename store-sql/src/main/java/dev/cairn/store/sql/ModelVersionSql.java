package dev.cairn.store.sql;

import static dev.cairn.store.sql.Jdbc.query;
import static dev.cairn.store.sql.Jdbc.queryOne;
import static dev.cairn.store.sql.Jdbc.update;

import dev.cairn.api.model.Tag;
import dev.cairn.api.registry.ModelVersion;
import dev.cairn.core.CairnException;
import dev.cairn.core.registry.NewModelVersion;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Rows of {@code model_versions} with their tags and aliases. */
final class ModelVersionSql {
  static final String DELETED = "Deleted_Internal";
  static final String COLUMNS =
      "v.name, v.version, v.creation_time, v.last_updated_time, v.description, v.user_id,"
          + " v.current_stage, v.source, v.run_id, v.status, v.status_message, v.run_link";

  private final Dialect dialect;

  ModelVersionSql(Dialect dialect) {
    this.dialect = dialect;
  }

  static CairnException notFound(String name, long version) {
    return CairnException.notFound("Model Version (name=%s, version=%d) not found", name, version);
  }

  long create(Connection c, NewModelVersion v) throws SQLException {
    Long max =
        queryOne(
            c,
            "SELECT MAX(version) FROM model_versions WHERE name = ?",
            rs -> rs.getObject(1) == null ? 0L : rs.getLong(1),
            v.name());
    long version = (max == null ? 0 : max) + 1;
    update(
        c,
        "INSERT INTO model_versions (name, version, creation_time, last_updated_time, description,"
            + " user_id, current_stage, source, run_id, status, status_message, run_link,"
            + " storage_location) VALUES (?, ?, ?, ?, ?, NULL, 'None', ?, ?, 'READY', NULL, ?, ?)",
        v.name(),
        version,
        v.now(),
        v.now(),
        v.description(),
        v.source(),
        v.runId(),
        v.runLink(),
        v.storageLocation() == null ? v.source() : v.storageLocation());
    for (Tag t : v.tags()) {
      setTag(c, v.name(), version, t);
    }
    update(
        c, "UPDATE registered_models SET last_updated_time = ? WHERE name = ?", v.now(), v.name());
    return version;
  }

  /** Checks the version exists and is not deleted. */
  void require(Connection c, String name, long version) throws SQLException {
    String stage =
        queryOne(
            c,
            "SELECT current_stage FROM model_versions WHERE name = ? AND version = ?",
            rs -> String.valueOf(rs.getString(1)),
            name,
            version);
    if (stage == null || stage.equals(DELETED)) {
      throw notFound(name, version);
    }
  }

  ModelVersion get(Connection c, String name, long version) throws SQLException {
    List<ModelVersion> rows =
        load(
            c,
            "SELECT "
                + COLUMNS
                + " FROM model_versions v WHERE v.name = ? AND v.version = ?"
                + " AND v.current_stage <> '"
                + DELETED
                + "'",
            name,
            version);
    if (rows.isEmpty()) {
      throw notFound(name, version);
    }
    return rows.get(0);
  }

  void setTag(Connection c, String name, long version, Tag t) throws SQLException {
    update(
        c,
        "INSERT INTO model_version_tags (key, value, name, version) VALUES (?, ?, ?, ?)"
            + dialect.upsert("workspace, key, name, version", "value"),
        t.key(),
        t.value(),
        name,
        version);
  }

  /** Versions of a query selecting {@link #COLUMNS} from {@code model_versions v}. */
  List<ModelVersion> load(Connection c, String sql, Object... args) throws SQLException {
    List<Row> rows = query(c, sql, ModelVersionSql::row, args);
    if (rows.isEmpty()) {
      return List.of();
    }
    Map<String, List<Tag>> tags = new HashMap<>();
    Map<String, List<String>> aliases = new HashMap<>();
    List<String> names = rows.stream().map(Row::name).distinct().toList();
    String in = " IN (" + Jdbc.placeholders(names.size()) + ")";
    for (Object[] t :
        query(
            c,
            "SELECT name, version, key, value FROM model_version_tags WHERE name"
                + in
                + " ORDER BY key",
            rs ->
                new Object[] {
                  rs.getString(1) + "\0" + rs.getLong(2), new Tag(rs.getString(3), rs.getString(4))
                },
            names.toArray())) {
      tags.computeIfAbsent((String) t[0], k -> new ArrayList<>()).add((Tag) t[1]);
    }
    for (String[] a :
        query(
            c,
            "SELECT name, version, alias FROM registered_model_aliases WHERE name"
                + in
                + " ORDER BY alias",
            rs -> new String[] {rs.getString(1) + "\0" + rs.getLong(2), rs.getString(3)},
            names.toArray())) {
      aliases.computeIfAbsent(a[0], k -> new ArrayList<>()).add(a[1]);
    }
    List<ModelVersion> out = new ArrayList<>(rows.size());
    for (Row r : rows) {
      String id = r.name() + "\0" + r.version();
      out.add(
          new ModelVersion(
              r.name(),
              Long.toString(r.version()),
              r.created(),
              r.updated(),
              r.userId(),
              r.stage(),
              r.description(),
              r.source(),
              r.runId(),
              r.status(),
              r.statusMessage(),
              tags.getOrDefault(id, List.of()),
              r.runLink(),
              aliases.getOrDefault(id, List.of())));
    }
    return out;
  }

  private record Row(
      String name,
      long version,
      Long created,
      Long updated,
      String description,
      String userId,
      String stage,
      String source,
      String runId,
      String status,
      String statusMessage,
      String runLink) {}

  private static Row row(ResultSet rs) throws SQLException {
    return new Row(
        rs.getString(1),
        rs.getLong(2),
        Jdbc.nullableLong(rs, "creation_time"),
        Jdbc.nullableLong(rs, "last_updated_time"),
        rs.getString(5),
        rs.getString(6),
        rs.getString(7),
        rs.getString(8),
        rs.getString(9),
        rs.getString(10),
        rs.getString(11),
        rs.getString(12));
  }
}
