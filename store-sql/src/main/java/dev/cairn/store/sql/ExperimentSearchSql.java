package dev.cairn.store.sql;

import dev.cairn.api.model.ViewType;
import dev.cairn.core.search.Comparison;
import dev.cairn.core.search.Entity;
import dev.cairn.core.search.Operator;
import dev.cairn.core.search.OrderBy;
import dev.cairn.core.tracking.SearchQuery;
import java.util.Map;

/** Compiles an experiment search into one SQL query. */
final class ExperimentSearchSql {
  private static final Map<String, String> COLUMNS =
      Map.of(
          "name", "e.name",
          "experiment_id", "e.experiment_id",
          "creation_time", "e.creation_time",
          "last_update_time", "e.last_update_time");

  private final Dialect dialect;

  ExperimentSearchSql(Dialect dialect) {
    this.dialect = dialect;
  }

  SqlFragment compile(SearchQuery q) {
    SqlFragment f = new SqlFragment().append("SELECT e.* FROM experiments e WHERE 1 = 1");
    f.append(
        switch (q.viewType() == null ? ViewType.ACTIVE_ONLY : q.viewType()) {
          case ACTIVE_ONLY -> " AND e.lifecycle_stage = 'active'";
          case DELETED_ONLY -> " AND e.lifecycle_stage = 'deleted'";
          case ALL -> "";
        });
    for (Comparison c : q.filter()) {
      SqlFragment clause = c.entity() == Entity.TAG ? tag(c) : compare(COLUMNS.get(c.key()), c);
      f.append(" AND ").append(clause.sql.toString(), clause.argArray());
    }
    f.append(" ORDER BY ");
    boolean idOrdered = false;
    for (OrderBy o : q.orderBy()) {
      String col = COLUMNS.get(o.key());
      idOrdered |= o.key().equals("experiment_id");
      f.append("(" + col + " IS NULL), " + col + (o.ascending() ? " ASC, " : " DESC, "));
    }
    if (q.orderBy().isEmpty()) {
      f.append("e.creation_time DESC, ");
    }
    f.append(idOrdered ? "1" : "e.experiment_id ASC");
    return f.append(" LIMIT ? OFFSET ?", q.maxResults() + 1, q.offset());
  }

  private SqlFragment compare(String column, Comparison c) {
    return SqlFragment.compare(dialect, column, c);
  }

  private SqlFragment tag(Comparison c) {
    String exists =
        "EXISTS (SELECT 1 FROM experiment_tags t WHERE t.experiment_id = e.experiment_id"
            + " AND t.key = ?";
    if (c.operator() == Operator.IS_NULL) {
      return new SqlFragment().append("NOT " + exists + ")", c.key());
    }
    if (c.operator() == Operator.IS_NOT_NULL) {
      return new SqlFragment().append(exists + ")", c.key());
    }
    SqlFragment cmp = compare("t.value", c);
    return new SqlFragment()
        .append(exists + " AND ", c.key())
        .append(cmp.sql.toString(), cmp.argArray())
        .append(")");
  }
}
