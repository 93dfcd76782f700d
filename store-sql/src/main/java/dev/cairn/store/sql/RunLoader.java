package dev.cairn.store.sql;

import static dev.cairn.store.sql.Jdbc.query;

import dev.cairn.api.model.Dataset;
import dev.cairn.api.model.DatasetInput;
import dev.cairn.api.model.Metric;
import dev.cairn.api.model.ModelInput;
import dev.cairn.api.model.ModelOutput;
import dev.cairn.api.model.Param;
import dev.cairn.api.model.Run;
import dev.cairn.api.model.RunData;
import dev.cairn.api.model.RunInfo;
import dev.cairn.api.model.RunInputs;
import dev.cairn.api.model.RunOutputs;
import dev.cairn.api.model.Tag;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Completes run infos into whole runs: latest metrics, params, tags, dataset and model inputs,
 * model outputs. One query per child table for a whole page of runs, never one per run.
 */
final class RunLoader {
  private static final int CHUNK = 500;

  private record Child<T>(String runId, T value) {}

  List<Run> complete(Connection c, List<RunInfo> infos) throws SQLException {
    Map<String, List<Metric>> metrics = new HashMap<>();
    Map<String, List<Param>> params = new HashMap<>();
    Map<String, List<Tag>> tags = new HashMap<>();
    Map<String, List<DatasetInput>> datasets = new HashMap<>();
    Map<String, List<ModelInput>> modelInputs = new HashMap<>();
    Map<String, List<ModelOutput>> outputs = new HashMap<>();
    for (int from = 0; from < infos.size(); from += CHUNK) {
      Object[] ids =
          infos.subList(from, Math.min(infos.size(), from + CHUNK)).stream()
              .map(RunInfo::runId)
              .toArray();
      String in = "(" + Jdbc.placeholders(ids.length) + ")";
      group(metrics, latestMetrics(c, in, ids));
      group(
          params,
          query(
              c,
              "SELECT run_uuid, key, value FROM params WHERE run_uuid IN " + in,
              rs -> new Child<>(rs.getString(1), new Param(rs.getString(2), rs.getString(3))),
              ids));
      group(
          tags,
          query(
              c,
              "SELECT run_uuid, key, value FROM tags WHERE run_uuid IN " + in,
              rs -> new Child<>(rs.getString(1), new Tag(rs.getString(2), rs.getString(3))),
              ids));
      group(datasets, datasetInputs(c, in, ids));
      group(
          modelInputs,
          query(
              c,
              "SELECT source_id, destination_id FROM inputs WHERE source_type"
                  + " = 'RUN_INPUT' AND destination_type = 'MODEL_INPUT' AND source_id IN "
                  + in,
              rs -> new Child<>(rs.getString(1), new ModelInput(rs.getString(2))),
              ids));
      group(
          outputs,
          query(
              c,
              "SELECT source_id, destination_id, step FROM inputs WHERE source_type"
                  + " = 'RUN_OUTPUT' AND destination_type = 'MODEL_OUTPUT' AND source_id IN "
                  + in,
              rs -> new Child<>(rs.getString(1), new ModelOutput(rs.getString(2), rs.getLong(3))),
              ids));
    }
    List<Run> runs = new ArrayList<>(infos.size());
    for (RunInfo info : infos) {
      String id = info.runId();
      runs.add(
          new Run(
              info,
              new RunData(get(metrics, id), get(params, id), get(tags, id)),
              new RunInputs(get(datasets, id), get(modelInputs, id)),
              new RunOutputs(get(outputs, id))));
    }
    return runs;
  }

  private static <T> List<T> get(Map<String, List<T>> map, String id) {
    return map.getOrDefault(id, List.of());
  }

  private static <T> void group(Map<String, List<T>> map, List<Child<T>> rows) {
    for (Child<T> row : rows) {
      map.computeIfAbsent(row.runId(), k -> new ArrayList<>()).add(row.value());
    }
  }

  private static List<Child<Metric>> latestMetrics(Connection c, String in, Object[] ids)
      throws SQLException {
    return query(
        c,
        "SELECT run_uuid, key, value, timestamp, step, is_nan FROM latest_metrics WHERE run_uuid IN "
            + in,
        rs ->
            new Child<>(
                rs.getString(1),
                Metric.of(
                    rs.getString(2),
                    rs.getBoolean(6) ? Double.NaN : rs.getDouble(3),
                    rs.getLong(4),
                    rs.getLong(5))),
        ids);
  }

  private static List<Child<DatasetInput>> datasetInputs(Connection c, String in, Object[] ids)
      throws SQLException {
    List<Object[]> rows =
        query(
            c,
            "SELECT i.destination_id, i.input_uuid, d.name, d.digest, d.dataset_source_type,"
                + " d.dataset_source, d.dataset_schema, d.dataset_profile FROM inputs i JOIN"
                + " datasets d ON d.dataset_uuid = i.source_id WHERE i.source_type = 'DATASET'"
                + " AND i.destination_type = 'RUN' AND i.destination_id IN "
                + in,
            rs ->
                new Object[] {
                  rs.getString(1),
                  rs.getString(2),
                  new Dataset(
                      rs.getString(3),
                      rs.getString(4),
                      rs.getString(5),
                      rs.getString(6),
                      rs.getString(7),
                      rs.getString(8))
                },
            ids);
    if (rows.isEmpty()) {
      return List.of();
    }
    Object[] inputIds = rows.stream().map(r -> r[1]).toArray();
    Map<String, List<Tag>> tags = new HashMap<>();
    group(
        tags,
        query(
            c,
            "SELECT input_uuid, name, value FROM input_tags WHERE input_uuid IN ("
                + Jdbc.placeholders(inputIds.length)
                + ")",
            rs -> new Child<>(rs.getString(1), new Tag(rs.getString(2), rs.getString(3))),
            inputIds));
    return rows.stream()
        .map(
            r ->
                new Child<>(
                    (String) r[0], new DatasetInput(get(tags, (String) r[1]), (Dataset) r[2])))
        .toList();
  }
}
