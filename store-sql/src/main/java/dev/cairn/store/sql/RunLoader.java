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

  private final Dialect dialect;

  RunLoader(Dialect dialect) {
    this.dialect = dialect;
  }

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
      if (dialect == Dialect.SQLITE) {
        packed(c, "params", in, ids).forEach((id, kv) -> params.put(id, params(kv)));
        packed(c, "tags", in, ids).forEach((id, kv) -> tags.put(id, tags(kv)));
      } else {
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
      }
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

  /**
   * SQLite: each run's key/value rows of a table packed by the database into one value ({@code
   * <bytes>:<key><bytes>:<value>}, a null value as {@code -}), read as UTF-8 bytes. One row and one
   * native call per run instead of three per key: on a page of 1,000 runs with 30 keys each, most
   * of the time went into those calls.
   */
  private static Map<String, List<String>> packed(
      Connection c, String table, String in, Object[] ids) throws SQLException {
    Map<String, List<String>> out = new HashMap<>();
    for (Object[] row :
        query(
            c,
            "SELECT run_uuid, group_concat(octet_length(key) || ':' || key || CASE WHEN value IS"
                + " NULL THEN '-' ELSE octet_length(value) || ':' || value END, '') FROM "
                + table
                + " WHERE run_uuid IN "
                + in
                + " GROUP BY run_uuid",
            rs -> new Object[] {rs.getString(1), rs.getBytes(2)},
            ids)) {
      out.put((String) row[0], unpack((byte[]) row[1]));
    }
    return out;
  }

  /** Key, value, key, value... of a packed value; a null value stays null. */
  static List<String> unpack(byte[] b) {
    List<String> out = new ArrayList<>();
    int i = 0;
    while (i < b.length) {
      if (b[i] == '-') {
        out.add(null);
        i++;
        continue;
      }
      int n = 0;
      while (b[i] != ':') {
        n = n * 10 + (b[i++] - '0');
      }
      i++;
      out.add(new String(b, i, n, java.nio.charset.StandardCharsets.UTF_8));
      i += n;
    }
    return out;
  }

  private static List<Param> params(List<String> kv) {
    List<Param> out = new ArrayList<>(kv.size() / 2);
    for (int i = 0; i + 1 < kv.size(); i += 2) {
      out.add(new Param(kv.get(i), kv.get(i + 1)));
    }
    return out;
  }

  private static List<Tag> tags(List<String> kv) {
    List<Tag> out = new ArrayList<>(kv.size() / 2);
    for (int i = 0; i + 1 < kv.size(); i += 2) {
      out.add(new Tag(kv.get(i), kv.get(i + 1)));
    }
    return out;
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
