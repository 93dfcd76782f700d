package dev.cairn.store.sql;

import static dev.cairn.store.sql.Jdbc.query;
import static dev.cairn.store.sql.Jdbc.queryOne;
import static dev.cairn.store.sql.Jdbc.update;

import dev.cairn.api.model.Experiment;
import dev.cairn.api.model.Tag;
import dev.cairn.core.CairnException;
import dev.cairn.core.artifacts.Uris;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** SQL of the experiments and experiment_tags tables. */
final class ExperimentSql {
  static final String COLUMNS =
      "experiment_id, name, artifact_location, lifecycle_stage, creation_time, last_update_time";

  private final String defaultArtifactRoot;
  private final Dialect dialect;

  ExperimentSql(String defaultArtifactRoot, Dialect dialect) {
    this.defaultArtifactRoot = defaultArtifactRoot;
    this.dialect = dialect;
  }

  String create(Connection c, String name, String location, List<Tag> tags, long now)
      throws SQLException {
    if (queryOne(c, "SELECT 1 FROM experiments WHERE name = ?", rs -> 1, name) != null) {
      throw CairnException.alreadyExists("Experiment(name=%s) already exists.", name);
    }
    long id;
    try (PreparedStatement p =
        c.prepareStatement(
            "INSERT INTO experiments (name, artifact_location, lifecycle_stage, creation_time,"
                + " last_update_time, workspace) VALUES (?, ?, 'active', ?, ?, 'default')",
            Statement.RETURN_GENERATED_KEYS)) {
      Jdbc.bind(p, name, location, now, now);
      p.executeUpdate();
      try (ResultSet keys = p.getGeneratedKeys()) {
        keys.next();
        id = keys.getLong(1);
      }
    }
    if (location == null) {
      update(
          c,
          "UPDATE experiments SET artifact_location = ? WHERE experiment_id = ?",
          Uris.append(defaultArtifactRoot, Long.toString(id)),
          id);
    }
    for (Tag tag : tags) {
      setTag(c, id, tag);
    }
    return Long.toString(id);
  }

  Experiment get(Connection c, String id) throws SQLException {
    Experiment e =
        queryOne(
            c,
            "SELECT " + COLUMNS + " FROM experiments WHERE experiment_id = ?",
            ExperimentSql::row,
            Long.parseLong(id));
    if (e == null) {
      throw CairnException.notFound("No Experiment with id=%s exists", id);
    }
    return withTags(c, List.of(e)).get(0);
  }

  Experiment getByName(Connection c, String name) throws SQLException {
    Experiment e =
        queryOne(
            c, "SELECT " + COLUMNS + " FROM experiments WHERE name = ?", ExperimentSql::row, name);
    if (e == null) {
      throw CairnException.notFound("Could not find experiment with name '%s'", name);
    }
    return withTags(c, List.of(e)).get(0);
  }

  /** The experiment's lifecycle stage; RESOURCE_DOES_NOT_EXIST when there is none. */
  String stage(Connection c, String id) throws SQLException {
    String stage =
        queryOne(
            c,
            "SELECT lifecycle_stage FROM experiments WHERE experiment_id = ?",
            rs -> rs.getString(1),
            Long.parseLong(id));
    if (stage == null) {
      throw CairnException.notFound("No Experiment with id=%s exists", id);
    }
    return stage;
  }

  void requireActive(Connection c, String id) throws SQLException {
    if (!"active".equals(stage(c, id))) {
      throw CairnException.invalid(
          "The experiment %s must be in the 'active' state. Current state is deleted.", id);
    }
  }

  void rename(Connection c, String id, String newName, long now) throws SQLException {
    if (!"active".equals(stage(c, id))) {
      throw CairnException.invalidState("Cannot rename a non-active experiment.");
    }
    Long other =
        queryOne(
            c,
            "SELECT experiment_id FROM experiments WHERE name = ?",
            rs -> rs.getLong(1),
            newName);
    if (other != null && other != Long.parseLong(id)) {
      throw CairnException.alreadyExists("Experiment(name=%s) already exists.", newName);
    }
    update(
        c,
        "UPDATE experiments SET name = ?, last_update_time = ? WHERE experiment_id = ?",
        newName,
        now,
        Long.parseLong(id));
  }

  void setLifecycle(Connection c, String id, String from, String to, long now) throws SQLException {
    if (!from.equals(stage(c, id))) {
      throw CairnException.notFound(
          "Cannot %s experiment %s: it is not %s.",
          to.equals("deleted") ? "delete" : "restore", id, from);
    }
    long eid = Long.parseLong(id);
    update(
        c,
        "UPDATE experiments SET lifecycle_stage = ?, last_update_time = ? WHERE experiment_id = ?",
        to,
        now,
        eid);
    Object deletedTime = to.equals("deleted") ? now : null;
    update(
        c,
        "UPDATE runs SET lifecycle_stage = ?, deleted_time = ? WHERE experiment_id = ?",
        to,
        deletedTime,
        eid);
  }

  void setTag(Connection c, long id, Tag tag) throws SQLException {
    update(
        c,
        "INSERT INTO experiment_tags (key, value, experiment_id) VALUES (?, ?, ?)"
            + dialect.upsert("key, experiment_id", "value"),
        tag.key(),
        tag.value(),
        id);
  }

  void deleteTag(Connection c, String id, String key) throws SQLException {
    int n =
        update(
            c,
            "DELETE FROM experiment_tags WHERE experiment_id = ? AND key = ?",
            Long.parseLong(id),
            key);
    if (n == 0) {
      throw CairnException.notFound("No tag with name: %s in experiment with id %s", key, id);
    }
  }

  static Experiment row(ResultSet rs) throws SQLException {
    return new Experiment(
        Long.toString(rs.getLong("experiment_id")),
        rs.getString("name"),
        rs.getString("artifact_location"),
        rs.getString("lifecycle_stage"),
        Jdbc.nullableLong(rs, "last_update_time"),
        Jdbc.nullableLong(rs, "creation_time"),
        List.of());
  }

  /** The experiments with their tags, loaded in one query. */
  List<Experiment> withTags(Connection c, List<Experiment> experiments) throws SQLException {
    if (experiments.isEmpty()) {
      return experiments;
    }
    Map<String, List<Tag>> tags = new HashMap<>();
    Object[] ids = experiments.stream().map(e -> Long.parseLong(e.experimentId())).toArray();
    for (Object[] row :
        query(
            c,
            "SELECT experiment_id, key, value FROM experiment_tags WHERE experiment_id IN ("
                + Jdbc.placeholders(ids.length)
                + ")",
            rs ->
                new Object[] {
                  Long.toString(rs.getLong(1)), new Tag(rs.getString(2), rs.getString(3))
                },
            ids)) {
      tags.computeIfAbsent((String) row[0], k -> new ArrayList<>()).add((Tag) row[1]);
    }
    return experiments.stream()
        .map(
            e ->
                new Experiment(
                    e.experimentId(),
                    e.name(),
                    e.artifactLocation(),
                    e.lifecycleStage(),
                    e.lastUpdateTime(),
                    e.creationTime(),
                    tags.getOrDefault(e.experimentId(), List.of())))
        .toList();
  }
}
