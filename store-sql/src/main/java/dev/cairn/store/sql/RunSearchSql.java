package dev.cairn.store.sql;

import dev.cairn.api.model.ViewType;
import dev.cairn.core.search.Comparison;
import dev.cairn.core.search.Entity;
import dev.cairn.core.search.Operator;
import dev.cairn.core.search.OrderBy;
import dev.cairn.core.tracking.SearchQuery;
import java.util.List;
import java.util.Map;

/**
 * Compiles a run search into one SQL query: each filter clause becomes an EXISTS over the child
 * table it names, each order key on a metric/param/tag one LEFT JOIN; only the keys the query names
 * are joined.
 */
final class RunSearchSql {
  private static final Map<String, String> ATTRIBUTE_COLUMNS =
      Map.of(
          "run_id", "runs.run_uuid",
          "run_name", "runs.name",
          "user_id", "runs.user_id",
          "status", "runs.status",
          "artifact_uri", "runs.artifact_uri",
          "start_time", "runs.start_time",
          "end_time", "runs.end_time",
          "lifecycle_stage", "runs.lifecycle_stage");

  private final Dialect dialect;

  RunSearchSql(Dialect dialect) {
    this.dialect = dialect;
  }

  /**
   * SELECT of run infos for the page, fetching one row more than the page to learn whether more
   * follow.
   */
  SqlFragment compile(SearchQuery q) {
    SqlFragment joins = new SqlFragment();
    SqlFragment order = new SqlFragment();
    orderBy(q.orderBy(), joins, order);
    SqlFragment f = new SqlFragment().append("SELECT " + RunSql.INFO_COLUMNS + " FROM runs");
    f.append(joins.sql.toString(), joins.args.toArray());
    f.append(" WHERE runs.experiment_id IN (" + Jdbc.placeholders(q.experimentIds().size()) + ")");
    q.experimentIds().forEach(id -> f.args.add(Long.parseLong(id)));
    f.append(lifecycle(q.viewType()));
    for (Comparison c : q.filter()) {
      SqlFragment clause = clause(c);
      f.append(" AND ").append(clause.sql.toString(), clause.args.toArray());
    }
    f.append(" ORDER BY ").append(order.sql.toString(), order.args.toArray());
    f.append(" LIMIT ? OFFSET ?", q.maxResults() + 1, q.offset());
    return f;
  }

  static String lifecycle(ViewType view) {
    return switch (view) {
      case ACTIVE_ONLY -> " AND runs.lifecycle_stage = 'active'";
      case DELETED_ONLY -> " AND runs.lifecycle_stage = 'deleted'";
      case ALL -> "";
    };
  }

  private SqlFragment clause(Comparison c) {
    return switch (c.entity()) {
      case ATTRIBUTE -> SqlFragment.compare(dialect, ATTRIBUTE_COLUMNS.get(c.key()), c);
      case METRIC -> child("latest_metrics", c);
      case PARAM -> child("params", c);
      case TAG -> child("tags", c);
      case DATASET -> dataset(c);
      // Run filters never name the trace entities.
      case METADATA, FEEDBACK, EXPECTATION, SPAN -> throw new IllegalStateException();
    };
  }

  private SqlFragment child(String table, Comparison c) {
    String exists =
        "EXISTS (SELECT 1 FROM " + table + " x WHERE x.run_uuid = runs.run_uuid AND x.key = ?";
    if (c.operator() == Operator.IS_NULL) {
      return new SqlFragment().append("NOT " + exists + ")", c.key());
    }
    if (c.operator() == Operator.IS_NOT_NULL) {
      return new SqlFragment().append(exists + ")", c.key());
    }
    SqlFragment cmp = SqlFragment.compare(dialect, "x.value", c);
    return new SqlFragment()
        .append(exists + " AND ", c.key())
        .append(cmp.sql.toString(), cmp.args.toArray())
        .append(")");
  }

  private SqlFragment dataset(Comparison c) {
    String from = "EXISTS (SELECT 1 FROM inputs i JOIN datasets d ON d.dataset_uuid = i.source_id";
    String where =
        " WHERE i.source_type = 'DATASET' AND i.destination_type = 'RUN'"
            + " AND i.destination_id = runs.run_uuid AND ";
    SqlFragment f = new SqlFragment();
    if (c.key().equals("context")) {
      f.append(
          from
              + " JOIN input_tags t ON t.input_uuid = i.input_uuid"
              + " AND t.name = 'mlflow.data.context'"
              + where);
      SqlFragment cmp = SqlFragment.compare(dialect, "t.value", c);
      return f.append(cmp.sql.toString(), cmp.args.toArray()).append(")");
    }
    SqlFragment cmp = SqlFragment.compare(dialect, "d." + c.key(), c);
    return f.append(from + where).append(cmp.sql.toString(), cmp.args.toArray()).append(")");
  }

  private void orderBy(List<OrderBy> items, SqlFragment joins, SqlFragment order) {
    boolean startTimeOrdered = false;
    int n = 0;
    for (OrderBy o : items) {
      String dir = o.ascending() ? " ASC" : " DESC";
      if (o.entity() == Entity.ATTRIBUTE) {
        String col = ATTRIBUTE_COLUMNS.get(o.key());
        startTimeOrdered |= o.key().equals("start_time");
        order.append("(" + col + " IS NULL), " + col + dir + ", ");
        continue;
      }
      String alias = "o" + n++;
      String table =
          switch (o.entity()) {
            case METRIC -> "latest_metrics";
            case PARAM -> "params";
            default -> "tags";
          };
      joins.append(
          " LEFT JOIN "
              + table
              + " "
              + alias
              + " ON "
              + alias
              + ".run_uuid = runs.run_uuid"
              + " AND "
              + alias
              + ".key = ?",
          o.key());
      if (o.entity() == Entity.METRIC) {
        // MLflow: NaN after real values, missing values last, whatever the direction.
        order.append(
            "CASE WHEN "
                + alias
                + ".value IS NULL THEN 2 WHEN "
                + alias
                + ".is_nan THEN 1 ELSE 0 END, "
                + alias
                + ".value"
                + dir
                + ", ");
      } else {
        order.append("(" + alias + ".value IS NULL), " + alias + ".value" + dir + ", ");
      }
    }
    if (!startTimeOrdered) {
      order.append("runs.start_time DESC, ");
    }
    order.append("runs.run_uuid ASC");
  }
}
