package dev.cairn.store.sql;

import static dev.cairn.store.sql.Jdbc.query;

import dev.cairn.api.model.Metric;
import dev.cairn.api.tracking.MetricMessages.MetricBucket;
import dev.cairn.core.tracking.HistoryCursor;
import dev.cairn.core.tracking.Page;
import dev.cairn.core.tracking.StepSample;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/** Reads of the metrics table: full history pages and the down-sampled bulk interval. */
final class MetricHistorySql {
  private final Dialect dialect;

  MetricHistorySql(Dialect dialect) {
    this.dialect = dialect;
  }

  Page<Metric> history(Connection c, String runId, String key, Integer limit, int offset)
      throws SQLException {
    String sql =
        "SELECT key, value, timestamp, step, is_nan FROM metrics WHERE run_uuid = ? AND key = ?"
            + " ORDER BY timestamp, step, value";
    if (limit == null) {
      List<Metric> all =
          query(
              c,
              sql + " LIMIT ? OFFSET ?",
              MetricHistorySql::point,
              runId,
              key,
              Integer.MAX_VALUE,
              offset);
      return new Page<>(all, false);
    }
    List<Metric> rows =
        query(c, sql + " LIMIT ? OFFSET ?", MetricHistorySql::point, runId, key, limit + 1, offset);
    boolean more = rows.size() > limit;
    return new Page<>(more ? rows.subList(0, limit) : rows, more);
  }

  /**
   * A page after a cursor: a range seek on the metrics primary key (key, timestamp, step, ...)
   * instead of skipping the points of the pages before.
   */
  HistoryCursor.Page after(Connection c, String runId, String key, int limit, HistoryCursor after)
      throws SQLException {
    String sql =
        "SELECT key, value, timestamp, step, is_nan FROM metrics WHERE run_uuid = ? AND key = ?"
            + (after == null ? "" : " AND (timestamp, step, value, is_nan) > (?, ?, ?, ?)")
            + " ORDER BY timestamp, step, value, is_nan LIMIT ?";
    List<Object> args = new ArrayList<>(List.of(runId, key));
    if (after != null) {
      args.addAll(List.of(after.timestamp(), after.step(), after.storedValue(), after.isNan()));
    }
    args.add(limit + 1);
    // Each column read once, by position (a lookup by name per column and row was a tenth of a long
    // read): the point, and the cursor the next page starts after.
    List<Object[]> rows =
        query(
            c,
            sql,
            rs -> {
              String k = rs.getString(1);
              double value = rs.getDouble(2);
              long timestamp = rs.getLong(3);
              long step = rs.getLong(4);
              boolean nan = rs.getBoolean(5);
              return new Object[] {
                Metric.of(k, nan ? Double.NaN : value, timestamp, step),
                new HistoryCursor(timestamp, step, value, nan)
              };
            },
            args.toArray());
    boolean more = rows.size() > limit;
    List<Object[]> page = more ? rows.subList(0, limit) : rows;
    List<Metric> points = new ArrayList<>(page.size());
    page.forEach(r -> points.add((Metric) r[0]));
    HistoryCursor last = page.isEmpty() ? after : (HistoryCursor) page.get(page.size() - 1)[1];
    return new HistoryCursor.Page(points, more, last);
  }

  static Metric point(ResultSet rs) throws SQLException {
    return Metric.of(
        rs.getString("key"),
        rs.getBoolean("is_nan") ? Double.NaN : rs.getDouble("value"),
        rs.getLong("timestamp"),
        rs.getLong("step"));
  }

  List<Metric> bulkInterval(
      Connection c, List<String> runIds, String key, Long start, Long end, int maxResults)
      throws SQLException {
    String runs = "run_uuid IN (" + Jdbc.placeholders(runIds.size()) + ") AND key = ?";
    String range = start == null ? "" : " AND step >= ? AND step <= ?";
    List<Object> args = new ArrayList<>(runIds);
    args.add(key);
    if (start != null) {
      args.add(start);
      args.add(end);
    }
    List<Long> steps =
        query(
            c,
            "SELECT DISTINCT step FROM metrics WHERE " + runs + range + " ORDER BY step",
            rs -> rs.getLong(1),
            args.toArray());
    TreeSet<Long> chosen = StepSample.of(steps, maxResults);
    // Each run's first and last step: one index seek each (a MIN or MAX alone over the index on
    // (run_uuid, key, step)), where a GROUP BY would read all of the runs' points.
    String oneRun = "FROM metrics WHERE run_uuid = ? AND key = ?" + range;
    for (String runId : runIds) {
      List<Object> runArgs = new ArrayList<>(List.of(runId, key));
      if (start != null) {
        runArgs.add(start);
        runArgs.add(end);
      }
      List<Object> both = new ArrayList<>(runArgs);
      both.addAll(runArgs);
      for (long[] minMax :
          query(
              c,
              "SELECT (SELECT MIN(step) " + oneRun + "), (SELECT MAX(step) " + oneRun + ")",
              rs -> {
                long min = rs.getLong(1);
                return rs.wasNull() ? null : new long[] {min, rs.getLong(2)};
              },
              both.toArray())) {
        if (minMax != null) {
          chosen.add(minMax[0]);
          chosen.add(minMax[1]);
        }
      }
    }
    if (chosen.isEmpty()) {
      return List.of();
    }
    List<Object> pointArgs = new ArrayList<>(args.subList(0, runIds.size() + 1));
    pointArgs.addAll(chosen);
    List<Metric> points =
        query(
            c,
            "SELECT run_uuid, key, value, timestamp, step, is_nan FROM metrics"
                + dialect.indexedBy("index_metrics_run_uuid_key_step")
                + " WHERE "
                + runs
                + " AND step IN ("
                + Jdbc.placeholders(chosen.size())
                + ")",
            rs -> point(rs).withRunId(rs.getString("run_uuid")),
            pointArgs.toArray());
    Map<String, Integer> position = new HashMap<>();
    for (int i = runIds.size() - 1; i >= 0; i--) {
      position.put(runIds.get(i), i);
    }
    List<Metric> sorted = new ArrayList<>(points);
    sorted.sort(
        Comparator.<Metric>comparingInt(m -> position.get(m.runId()))
            .thenComparingLong(Metric::step)
            .thenComparingLong(Metric::timestamp)
            .thenComparingDouble(Metric::value));
    return sorted;
  }

  /**
   * The run's points in [start, end] grouped by {@code (step - start) / width}, the width chosen so
   * that at most {@code maxBuckets} buckets cover the range. One scan, aggregated in the database.
   */
  List<MetricBucket> buckets(
      Connection c, String runId, String key, Long start, Long end, int maxBuckets)
      throws SQLException {
    if (start == null) {
      List<long[]> range =
          query(
              c,
              "SELECT MIN(step), MAX(step), COUNT(*) FROM metrics WHERE run_uuid = ? AND key = ?",
              rs -> new long[] {rs.getLong(1), rs.getLong(2), rs.getLong(3)},
              runId,
              key);
      if (range.isEmpty() || range.get(0)[2] == 0) {
        return List.of();
      }
      start = range.get(0)[0];
      end = range.get(0)[1];
    }
    // In double: a range spanning most of the int64 steps would overflow a long.
    long width = Math.max(1, (long) Math.ceil(((double) end - start + 1) / maxBuckets));
    return query(
        c,
        "SELECT "
            + dialect.intDiv("step - ?", "?")
            + " AS bucket, MIN(step), MAX(step), MIN(timestamp), AVG(value), MIN(value),"
            + " MAX(value), COUNT(*) FROM metrics WHERE run_uuid = ? AND key = ? AND step >= ?"
            + " AND step <= ? AND is_nan = ? GROUP BY bucket ORDER BY bucket",
        rs ->
            new MetricBucket(
                rs.getLong(2),
                rs.getLong(3),
                rs.getLong(4),
                rs.getDouble(5),
                rs.getDouble(6),
                rs.getDouble(7),
                rs.getLong(8)),
        start,
        width,
        runId,
        key,
        start,
        end,
        false);
  }
}
