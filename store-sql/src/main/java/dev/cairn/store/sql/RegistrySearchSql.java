package dev.cairn.store.sql;

import dev.cairn.core.registry.RegistryQuery;
import dev.cairn.core.search.Comparison;
import dev.cairn.core.search.Entity;
import dev.cairn.core.search.Operator;
import dev.cairn.core.search.OrderBy;
import java.util.List;

/**
 * Registry searches compiled to one query each. Prompts (tag {@code mlflow.prompt.is_prompt} =
 * 'true') are excluded unless the filter names that tag, as MLflow does.
 */
final class RegistrySearchSql {
  private static final String PROMPT_TAG = "mlflow.prompt.is_prompt";
  private final Dialect dialect;

  RegistrySearchSql(Dialect dialect) {
    this.dialect = dialect;
  }

  SqlFragment models(RegistryQuery q) {
    SqlFragment f = new SqlFragment();
    f.append("SELECT " + RegisteredModelSql.COLUMNS + " FROM registered_models m WHERE 1 = 1");
    filter(f, q.filter(), "m", "registered_model_tags %1$s WHERE %1$s.name = m.name");
    f.append(" ORDER BY ");
    boolean name = false;
    for (OrderBy o : q.orderBy()) {
      f.append("m." + o.key() + (o.ascending() ? " ASC, " : " DESC, "));
      name |= o.key().equals("name");
    }
    f.append(name ? "1" : "m.name ASC");
    f.append(" LIMIT ? OFFSET ?", q.maxResults() + 1, q.offset());
    return f;
  }

  SqlFragment versions(RegistryQuery q) {
    SqlFragment f = new SqlFragment();
    f.append(
        "SELECT "
            + ModelVersionSql.COLUMNS
            + " FROM model_versions v WHERE v.current_stage <> '"
            + ModelVersionSql.DELETED
            + "'");
    filter(
        f,
        q.filter(),
        "v",
        "model_version_tags %1$s WHERE %1$s.name = v.name AND %1$s.version = v.version");
    f.append(" ORDER BY ");
    List<OrderBy> order =
        q.orderBy().isEmpty()
            ? List.of(new OrderBy(Entity.ATTRIBUTE, "last_updated_time", false))
            : q.orderBy();
    boolean name = false;
    boolean version = false;
    for (OrderBy o : order) {
      f.append("v." + o.key() + (o.ascending() ? " ASC, " : " DESC, "));
      name |= o.key().equals("name");
      version |= o.key().equals("version");
    }
    f.append(name ? "" : "v.name ASC, ");
    f.append(version ? "1" : "v.version DESC");
    f.append(" LIMIT ? OFFSET ?", q.maxResults() + 1, q.offset());
    return f;
  }

  /**
   * @param tagJoin the tag table and its join condition, with {@code %1$s} for the tag alias
   */
  private void filter(SqlFragment f, List<Comparison> clauses, String alias, String tagJoin) {
    boolean namesPrompt = false;
    for (Comparison c : clauses) {
      f.append(" AND ");
      if (c.entity() == Entity.TAG && c.key().equals(PROMPT_TAG) && c.operator() == Operator.NE) {
        // MLflow's clients add "tag.`mlflow.prompt.is_prompt` != 'true'" to every search: models
        // without the tag must match it.
        namesPrompt = true;
        f.append(
            "NOT EXISTS (SELECT 1 FROM "
                + String.format(tagJoin, "t")
                + " AND t.key = ? AND t.value = ?)",
            c.key(),
            c.value());
      } else if (c.entity() == Entity.TAG) {
        namesPrompt |= c.key().equals(PROMPT_TAG);
        f.append(
            "EXISTS (SELECT 1 FROM " + String.format(tagJoin, "t") + " AND t.key = ? AND ",
            c.key());
        add(f, SqlFragment.compare(dialect, "t.value", c));
        f.append(")");
      } else if (c.key().equals("version")) {
        f.append(alias + ".version " + c.operator().symbol() + " ?", c.value());
      } else {
        add(f, SqlFragment.compare(dialect, alias + "." + c.key(), c));
      }
    }
    if (!namesPrompt) {
      f.append(
          " AND NOT EXISTS (SELECT 1 FROM "
              + String.format(tagJoin, "p")
              + " AND p.key = '"
              + PROMPT_TAG
              + "' AND LOWER(p.value) = 'true')");
    }
  }

  private static void add(SqlFragment f, SqlFragment other) {
    f.sql.append(other.sql);
    f.args.addAll(other.args);
  }
}
