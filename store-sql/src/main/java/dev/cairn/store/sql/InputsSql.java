package dev.cairn.store.sql;

import static dev.cairn.store.sql.Jdbc.queryOne;
import static dev.cairn.store.sql.Jdbc.update;

import dev.cairn.api.model.Dataset;
import dev.cairn.api.model.DatasetInput;
import dev.cairn.api.model.ModelInput;
import dev.cairn.api.model.Tag;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.UUID;

/** Datasets (one row per experiment, name, digest) and the input edges that link them to runs. */
final class InputsSql {
  private final Dialect dialect;

  InputsSql(Dialect dialect) {
    this.dialect = dialect;
  }

  void log(
      Connection c,
      String runId,
      long experimentId,
      List<DatasetInput> datasets,
      List<ModelInput> models)
      throws SQLException {
    for (DatasetInput in : datasets) {
      String datasetUuid = datasetUuid(c, experimentId, in.dataset());
      String existing =
          queryOne(
              c,
              "SELECT input_uuid FROM inputs WHERE source_type = 'DATASET' AND source_id = ?"
                  + " AND destination_type = 'RUN' AND destination_id = ?",
              rs -> rs.getString(1),
              datasetUuid,
              runId);
      if (existing != null) {
        continue;
      }
      String inputUuid = hex();
      update(
          c,
          "INSERT INTO inputs (input_uuid, source_type, source_id, destination_type,"
              + " destination_id, step) VALUES (?, 'DATASET', ?, 'RUN', ?, 0)",
          inputUuid,
          datasetUuid,
          runId);
      for (Tag t : in.tags()) {
        update(
            c,
            dialect.insertIgnorePrefix()
                + "input_tags (input_uuid, name, value) VALUES (?, ?, ?)"
                + dialect.insertIgnoreSuffix(),
            inputUuid,
            t.key(),
            t.value());
      }
    }
    for (ModelInput m : models) {
      update(
          c,
          dialect.insertIgnorePrefix()
              + "inputs (input_uuid, source_type, source_id, destination_type,"
              + " destination_id, step) VALUES (?, 'RUN_INPUT', ?, 'MODEL_INPUT', ?, 0)"
              + dialect.insertIgnoreSuffix(),
          hex(),
          runId,
          m.modelId());
    }
  }

  private static String datasetUuid(Connection c, long experimentId, Dataset d)
      throws SQLException {
    String uuid =
        queryOne(
            c,
            "SELECT dataset_uuid FROM datasets WHERE experiment_id = ? AND name = ?"
                + " AND digest = ?",
            rs -> rs.getString(1),
            experimentId,
            d.name(),
            d.digest());
    if (uuid != null) {
      return uuid;
    }
    uuid = hex();
    update(
        c,
        "INSERT INTO datasets (dataset_uuid, experiment_id, name, digest, dataset_source_type,"
            + " dataset_source, dataset_schema, dataset_profile) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        uuid,
        experimentId,
        d.name(),
        d.digest(),
        d.sourceType(),
        d.source(),
        d.schema(),
        d.profile());
    return uuid;
  }

  private static String hex() {
    return UUID.randomUUID().toString().replace("-", "");
  }
}
