package dev.cairn.store.sql;

import dev.cairn.core.models.LoggedModelQuery;
import dev.cairn.core.models.LoggedModelQuery.Dataset;
import dev.cairn.core.models.LoggedModelQuery.Order;
import dev.cairn.core.search.Comparison;
import java.util.List;

/**
 * Compiles a logged-model search to one SQL query, as MLflow's SQL store evaluates it: a metric
 * clause matches when any logged point of that key satisfies it (on the request's datasets when
 * given), params and tags by their value, columns directly; metric ordering uses each model's
 * latest point (by timestamp, then step); nulls sort last; ties break on creation time (newest
 * first) and model id.
 */
final class LoggedModelSearchSql {
  private final Dialect dialect;

  LoggedModelSearchSql(Dialect dialect) {
    this.dialect = dialect;
  }

  SqlFragment compile(LoggedModelQuery q) {
    SqlFragment f = new SqlFragment();
    f.append("SELECT " + LoggedModelSql.COLUMNS + " FROM logged_models m WHERE ");
    f.append("(m.lifecycle_stage IS NULL OR m.lifecycle_stage <> 'deleted')");
    f.append(" AND m.experiment_id IN (" + Jdbc.placeholders(q.experimentIds().size()) + ")");
    f.args.addAll(q.experimentIds());
    boolean metricClause = false;
    for (Comparison c : q.filter()) {
      f.append(" AND ");
      switch (c.entity()) {
        case METRIC -> {
          metricClause = true;
          f.append(
              "m.model_id IN (SELECT model_id FROM logged_model_metrics WHERE metric_name = ?",
              c.key());
          f.append(" AND ");
          add(f, SqlFragment.compare(dialect, "metric_value", c));
          datasets(f, q.datasets());
          f.append(")");
        }
        case PARAM -> child(f, "logged_model_params", "param_key", "param_value", c);
        case TAG -> child(f, "logged_model_tags", "tag_key", "tag_value", c);
        default -> add(f, SqlFragment.compare(dialect, "m." + c.key(), c));
      }
    }
    if (!metricClause && !q.datasets().isEmpty()) {
      f.append(" AND m.model_id IN (SELECT model_id FROM logged_model_metrics WHERE 1 = 1");
      datasets(f, q.datasets());
      f.append(")");
    }
    orderBy(f, q.orderBy());
    f.append(" LIMIT ? OFFSET ?", q.maxResults() + 1, q.offset());
    return f;
  }

  private void child(SqlFragment f, String table, String keyCol, String valueCol, Comparison c) {
    f.append("m.model_id IN (SELECT model_id FROM " + table + " WHERE " + keyCol + " = ?", c.key());
    f.append(" AND ");
    add(f, SqlFragment.compare(dialect, valueCol, c));
    f.append(")");
  }

  private static void datasets(SqlFragment f, List<Dataset> datasets) {
    if (datasets.isEmpty()) {
      return;
    }
    f.append(" AND (");
    for (int i = 0; i < datasets.size(); i++) {
      f.append(i == 0 ? "" : " OR ");
      dataset(f, datasets.get(i));
    }
    f.append(")");
  }

  private static void dataset(SqlFragment f, Dataset d) {
    f.append("(dataset_name = ?", d.name());
    if (d.digest() != null) {
      f.append(" AND dataset_digest = ?", d.digest());
    }
    f.append(")");
  }

  private static void orderBy(SqlFragment f, List<Order> orders) {
    f.append(" ORDER BY ");
    boolean creation = false;
    boolean modelId = false;
    for (Order o : orders) {
      String expr;
      if (o.metric()) {
        SqlFragment latest = new SqlFragment();
        latest.append(
            "(SELECT x.metric_value FROM logged_model_metrics x WHERE x.model_id = m.model_id"
                + " AND x.metric_name = ?",
            o.key());
        if (o.dataset() != null) {
          if (o.dataset().name() != null) {
            latest.append(" AND x.dataset_name = ?", o.dataset().name());
          }
          if (o.dataset().digest() != null) {
            latest.append(" AND x.dataset_digest = ?", o.dataset().digest());
          }
        }
        latest.append(
            " ORDER BY x.metric_timestamp_ms DESC, x.metric_step DESC, x.run_id ASC LIMIT 1)");
        expr = latest.sql.toString();
        // the expression appears twice (null rank, then value): bind its arguments twice
        f.append("CASE WHEN " + expr + " IS NULL THEN 1 ELSE 0 END, ", latest.argArray());
        f.append(expr + (o.ascending() ? " ASC, " : " DESC, "), latest.argArray());
        continue;
      }
      creation |= o.key().equals("creation_timestamp_ms");
      modelId |= o.key().equals("model_id");
      expr = "m." + o.key();
      f.append("CASE WHEN " + expr + " IS NULL THEN 1 ELSE 0 END, ");
      f.append(expr + (o.ascending() ? " ASC, " : " DESC, "));
    }
    if (!creation) {
      f.append("m.creation_timestamp_ms DESC, ");
    }
    f.append(modelId ? "1" : "m.model_id ASC");
  }

  private static void add(SqlFragment f, SqlFragment other) {
    f.sql.append(other.sql);
    f.args.addAll(other.args);
  }
}
