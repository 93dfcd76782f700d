package dev.cairn.store.sql;

import dev.cairn.core.search.Comparison;
import dev.cairn.core.search.Entity;
import dev.cairn.core.search.Operator;
import dev.cairn.core.search.OrderBy;
import dev.cairn.core.tracing.TraceQuery;
import java.util.List;
import java.util.Map;

/**
 * Compiles a trace search to one query over {@code trace_info} (alias {@code t}): attributes as
 * columns, tags, metadata, assessments and spans as EXISTS subqueries, ordering by columns or
 * joined tag/metadata values, then newest first and by id as MLflow does; an offset page.
 */
final class TraceSearchSql {
  private static final Map<String, String> COLUMNS =
      Map.of(
          "timestamp_ms", "t.timestamp_ms",
          "execution_time_ms", "t.execution_time_ms",
          "end_time_ms", "(t.timestamp_ms + t.execution_time_ms)",
          "status", "t.status",
          "request_id", "t.request_id",
          "client_request_id", "t.client_request_id",
          "name", "t.trace_name",
          "experiment_id", "t.experiment_id");

  /** trace_info's columns that MLflow's schema declares NOT NULL. */
  private static final java.util.Set<String> NOT_NULL =
      java.util.Set.of("t.timestamp_ms", "t.status", "t.request_id", "t.experiment_id");

  private static final String RUN_LINK =
      "(SELECT MIN(ea.destination_id) FROM entity_associations ea WHERE ea.source_type = 'TRACE'"
          + " AND ea.source_id = t.request_id AND ea.destination_type = 'RUN')";

  private final Dialect dialect;

  TraceSearchSql(Dialect dialect) {
    this.dialect = dialect;
  }

  SqlFragment compile(TraceQuery q) {
    SqlFragment f = new SqlFragment().append("SELECT " + TraceSql.COLUMNS + " FROM trace_info t");
    SqlFragment order = new SqlFragment();
    int n = 0;
    boolean byTime = false;
    boolean byId = false;
    for (OrderBy o : q.orderBy()) {
      String dir = o.ascending() ? " ASC" : " DESC";
      String column;
      if (o.entity() == Entity.ATTRIBUTE) {
        column = o.key().equals("run_id") ? RUN_LINK : COLUMNS.get(o.key());
        byTime |= o.key().equals("timestamp_ms");
        byId |= o.key().equals("request_id");
      } else if (o.entity() == Entity.TAG && o.key().equals(TraceSql.TRACE_NAME)) {
        column = "t.trace_name";
      } else {
        String alias = "o" + n++;
        String table = o.entity() == Entity.TAG ? "trace_tags" : "trace_request_metadata";
        f.append(
            " LEFT JOIN "
                + table
                + " "
                + alias
                + " ON "
                + alias
                + ".request_id = t.request_id AND "
                + alias
                + ".key = ?",
            o.key());
        column = alias + ".value";
      }
      // NULLs last either way, as SQLAlchemy's default on SQLite/MySQL for ASC and explicit here.
      // A NOT NULL column needs no such term, and without it the index on the column orders the
      // page (an explicit "timestamp_ms DESC" costs what the default order costs).
      if (!NOT_NULL.contains(column)) {
        order.append("(" + column + " IS NULL), ");
      }
      order.append(column + dir + ", ");
    }
    f.append(" WHERE 1 = 1");
    if (q.experimentIds().isEmpty()) {
      f.append(" AND 1 = 0");
    } else {
      f.append(" AND t.experiment_id IN (" + Jdbc.placeholders(q.experimentIds().size()) + ")");
      for (String id : q.experimentIds()) {
        f.args.add(parseId(id));
      }
    }
    for (Comparison c : q.filters()) {
      SqlFragment clause = clause(c);
      f.append(" AND ").append(clause.sql.toString());
      f.args.addAll(clause.args);
    }
    f.append(" ORDER BY ").append(order.sql.toString());
    f.args.addAll(order.args);
    List<String> ties = new java.util.ArrayList<>();
    if (!byTime) {
      ties.add("t.timestamp_ms DESC");
    }
    if (!byId) {
      ties.add("t.request_id ASC");
    }
    if (ties.isEmpty()) {
      f.sql.setLength(f.sql.length() - 2);
    }
    f.append(String.join(", ", ties));
    f.append(" LIMIT ? OFFSET ?", q.maxResults(), q.offset());
    return f;
  }

  private static long parseId(String id) {
    try {
      return Long.parseLong(id);
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  private SqlFragment clause(Comparison c) {
    return switch (c.entity()) {
      case ATTRIBUTE ->
          c.key().equals("run_id")
              ? runId(c)
              : SqlFragment.compare(dialect, COLUMNS.get(c.key()), c);
      case TAG ->
          c.key().equals(TraceSql.TRACE_NAME)
              ? SqlFragment.compare(dialect, "t.trace_name", c)
              : child("trace_tags", "x.request_id = t.request_id", c);
      case METADATA ->
          c.key().equals(TraceSql.SESSION)
              ? SqlFragment.compare(dialect, "t.session_id", c)
              : child("trace_request_metadata", "x.request_id = t.request_id", c);
      case FEEDBACK, EXPECTATION -> assessment(c);
      case SPAN ->
          exists(
              "spans x WHERE x.trace_id = t.request_id AND ",
              SqlFragment.compare(dialect, "x." + c.key(), c));
      default -> throw new IllegalStateException("not a trace filter: " + c.entity());
    };
  }

  /** A key/value child table: IS NULL is "no such key"; other comparisons need the key. */
  private SqlFragment child(String table, String join, Comparison c) {
    String exists = "EXISTS (SELECT 1 FROM " + table + " x WHERE " + join + " AND x.key = ?";
    if (c.operator() == Operator.IS_NULL) {
      return new SqlFragment().append("NOT " + exists + ")", c.key());
    }
    if (c.operator() == Operator.IS_NOT_NULL) {
      return new SqlFragment().append(exists + ")", c.key());
    }
    SqlFragment value = SqlFragment.compare(dialect, "x.value", c);
    SqlFragment f = new SqlFragment().append(exists + " AND ", c.key());
    f.sql.append(value.sql).append(')');
    f.args.addAll(value.args);
    return f;
  }

  /** MLflow keeps an assessment's value as JSON: a string value compares with its quotes too. */
  private SqlFragment assessment(Comparison c) {
    String type = c.entity() == Entity.FEEDBACK ? "feedback" : "expectation";
    String base =
        "assessments x WHERE x.trace_id = t.request_id AND x.assessment_type = '"
            + type
            + "' AND x.valid = ? AND x.name = ?";
    SqlFragment head = new SqlFragment().append("EXISTS (SELECT 1 FROM " + base, true, c.key());
    if (c.operator() == Operator.IS_NULL) {
      return new SqlFragment().append("NOT ").append(head.sql + ")", head.args.toArray());
    }
    if (c.operator() == Operator.IS_NOT_NULL) {
      return head.append(")");
    }
    SqlFragment raw = SqlFragment.compare(dialect, "x.value", c);
    Object quotedValue =
        c.value() instanceof String s
            ? "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\""
            : c.value();
    SqlFragment quoted =
        SqlFragment.compare(
            dialect, "x.value", new Comparison(c.entity(), c.key(), c.operator(), quotedValue));
    head.append(" AND ((").append(raw.sql.toString(), raw.args.toArray());
    head.append(") OR (").append(quoted.sql.toString(), quoted.args.toArray());
    return head.append(")))");
  }

  private SqlFragment runId(Comparison c) {
    SqlFragment meta = SqlFragment.compare(dialect, "x.value", c);
    SqlFragment link = SqlFragment.compare(dialect, "ea.destination_id", c);
    SqlFragment f =
        new SqlFragment()
            .append(
                "(EXISTS (SELECT 1 FROM trace_request_metadata x WHERE x.request_id = t.request_id"
                    + " AND x.key = 'mlflow.sourceRun' AND ");
    f.append(meta.sql.toString(), meta.args.toArray());
    f.append(
        ") OR EXISTS (SELECT 1 FROM entity_associations ea WHERE ea.source_type = 'TRACE' AND"
            + " ea.source_id = t.request_id AND ea.destination_type = 'RUN' AND ");
    f.append(link.sql.toString(), link.args.toArray());
    return f.append("))");
  }

  private static SqlFragment exists(String from, SqlFragment condition) {
    SqlFragment f = new SqlFragment().append("EXISTS (SELECT 1 FROM " + from);
    f.append(condition.sql.toString(), condition.args.toArray());
    return f.append(")");
  }
}
