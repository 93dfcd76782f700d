package dev.cairn.store.sql;

import static dev.cairn.store.sql.Jdbc.query;
import static dev.cairn.store.sql.Jdbc.queryOne;
import static dev.cairn.store.sql.Jdbc.update;

import dev.cairn.api.model.Tag;
import dev.cairn.api.registry.ModelVersion;
import dev.cairn.api.registry.RegisteredModel;
import dev.cairn.core.CairnException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Rows of {@code registered_models} with tags, aliases and latest versions per stage. */
final class RegisteredModelSql {
  static final String COLUMNS = "m.name, m.creation_time, m.last_updated_time, m.description";
  private final ModelVersionSql versions;

  private final Dialect dialect;

  RegisteredModelSql(ModelVersionSql versions, Dialect dialect) {
    this.versions = versions;
    this.dialect = dialect;
  }

  static CairnException notFound(String name) {
    return CairnException.notFound("Registered Model with name=%s not found", name);
  }

  void create(Connection c, String name, List<Tag> tags, String description, long now)
      throws SQLException {
    if (exists(c, name)) {
      throw CairnException.alreadyExists("Registered Model (name=%s) already exists.", name);
    }
    update(
        c,
        "INSERT INTO registered_models (name, creation_time, last_updated_time, description)"
            + " VALUES (?, ?, ?, ?)",
        name,
        now,
        now,
        description);
    for (Tag t : tags) {
      setTag(c, name, t);
    }
  }

  boolean exists(Connection c, String name) throws SQLException {
    return queryOne(c, "SELECT 1 FROM registered_models WHERE name = ?", rs -> 1, name) != null;
  }

  void require(Connection c, String name) throws SQLException {
    if (!exists(c, name)) {
      throw notFound(name);
    }
  }

  RegisteredModel get(Connection c, String name) throws SQLException {
    List<RegisteredModel> rows =
        load(c, "SELECT " + COLUMNS + " FROM registered_models m WHERE m.name = ?", name);
    if (rows.isEmpty()) {
      throw notFound(name);
    }
    return rows.get(0);
  }

  /**
   * Renames the model and everything that names it. Child rows are updated explicitly rather than
   * through ON UPDATE CASCADE, which SQLite applies only with foreign keys switched on.
   */
  void rename(Connection c, String name, String newName, long now) throws SQLException {
    require(c, name);
    if (exists(c, newName)) {
      throw CairnException.alreadyExists("Registered Model (name=%s) already exists.", newName);
    }
    update(
        c,
        "INSERT INTO registered_models (name, creation_time, last_updated_time, description)"
            + " SELECT ?, creation_time, ?, description FROM registered_models WHERE name = ?",
        newName,
        now,
        name);
    for (String table :
        List.of(
            "model_versions",
            "registered_model_tags",
            "model_version_tags",
            "registered_model_aliases")) {
      update(c, "UPDATE " + table + " SET name = ? WHERE name = ?", newName, name);
    }
    update(c, "DELETE FROM registered_models WHERE name = ?", name);
  }

  void delete(Connection c, String name) throws SQLException {
    require(c, name);
    for (String table :
        List.of(
            "model_version_tags",
            "registered_model_aliases",
            "model_versions",
            "registered_model_tags",
            "registered_models")) {
      update(c, "DELETE FROM " + table + " WHERE name = ?", name);
    }
  }

  void setTag(Connection c, String name, Tag t) throws SQLException {
    update(
        c,
        "INSERT INTO registered_model_tags (key, value, name) VALUES (?, ?, ?)"
            + dialect.upsert("workspace, key, name", "value"),
        t.key(),
        t.value(),
        name);
  }

  /** Models of a query selecting {@link #COLUMNS} from {@code registered_models m}. */
  List<RegisteredModel> load(Connection c, String sql, Object... args) throws SQLException {
    List<Object[]> rows =
        query(
            c,
            sql,
            rs ->
                new Object[] {
                  rs.getString(1),
                  Jdbc.nullableLong(rs, "creation_time"),
                  Jdbc.nullableLong(rs, "last_updated_time"),
                  rs.getString(4)
                },
            args);
    if (rows.isEmpty()) {
      return List.of();
    }
    List<String> names = rows.stream().map(r -> (String) r[0]).toList();
    String in = " IN (" + Jdbc.placeholders(names.size()) + ")";
    Map<String, List<Tag>> tags = new HashMap<>();
    for (Object[] t :
        query(
            c,
            "SELECT name, key, value FROM registered_model_tags WHERE name" + in + " ORDER BY key",
            rs -> new Object[] {rs.getString(1), new Tag(rs.getString(2), rs.getString(3))},
            names.toArray())) {
      tags.computeIfAbsent((String) t[0], k -> new ArrayList<>()).add((Tag) t[1]);
    }
    Map<String, List<RegisteredModel.Alias>> aliases = new HashMap<>();
    for (Object[] a :
        query(
            c,
            "SELECT name, alias, version FROM registered_model_aliases WHERE name"
                + in
                + " ORDER BY alias",
            rs ->
                new Object[] {
                  rs.getString(1),
                  new RegisteredModel.Alias(rs.getString(2), Long.toString(rs.getLong(3)))
                },
            names.toArray())) {
      aliases
          .computeIfAbsent((String) a[0], k -> new ArrayList<>())
          .add((RegisteredModel.Alias) a[1]);
    }
    Map<String, List<ModelVersion>> latest = latest(c, names, in);
    List<RegisteredModel> out = new ArrayList<>();
    for (Object[] r : rows) {
      String name = (String) r[0];
      out.add(
          new RegisteredModel(
              name,
              (Long) r[1],
              (Long) r[2],
              null,
              (String) r[3],
              latest.getOrDefault(name, List.of()),
              tags.getOrDefault(name, List.of()),
              aliases.getOrDefault(name, List.of())));
    }
    return out;
  }

  /** Per model, the newest version of each stage (deleted versions excluded). */
  private Map<String, List<ModelVersion>> latest(Connection c, List<String> names, String in)
      throws SQLException {
    List<ModelVersion> all =
        versions.load(
            c,
            "SELECT "
                + ModelVersionSql.COLUMNS
                + " FROM model_versions v WHERE v.name"
                + in
                + " AND v.current_stage <> '"
                + ModelVersionSql.DELETED
                + "'"
                + " AND v.version = (SELECT MAX(x.version) FROM model_versions x"
                + " WHERE x.name = v.name AND x.current_stage = v.current_stage)"
                + " ORDER BY v.name, v.version",
            names.toArray());
    Map<String, List<ModelVersion>> out = new LinkedHashMap<>();
    for (ModelVersion v : all) {
      out.computeIfAbsent(v.name(), k -> new ArrayList<>()).add(v);
    }
    return out;
  }
}
