package dev.cairn.core.search;

import static dev.cairn.core.search.Field.NUMERIC_OPERATORS;
import static dev.cairn.core.search.Field.STRING_LIST_OPERATORS;

import dev.cairn.core.CairnException;
import dev.cairn.core.search.Field.ValueType;
import java.util.Map;
import java.util.Set;

/**
 * Identifiers of {@code logged-models/search}, as MLflow's {@code search_logged_model_utils}:
 * {@code metrics.}, {@code params.}, {@code tags.}, {@code attributes.} or a bare column of {@code
 * logged_models}. Metrics and the two timestamp columns compare as numbers; the rest as strings
 * with {@code = != LIKE ILIKE IN NOT IN}.
 */
final class LoggedModelRules implements ScopeRules {
  static final Map<String, String> ALIASES =
      Map.of(
          "creation_time", "creation_timestamp_ms",
          "creation_timestamp", "creation_timestamp_ms",
          "last_updated_timestamp", "last_updated_timestamp_ms");
  static final Set<String> COLUMNS =
      Set.of(
          "model_id",
          "experiment_id",
          "name",
          "artifact_location",
          "creation_timestamp_ms",
          "last_updated_timestamp_ms",
          "status",
          "lifecycle_stage",
          "model_type",
          "source_run_id",
          "status_message");
  private static final Set<String> NUMERIC =
      Set.of("creation_timestamp_ms", "last_updated_timestamp_ms");

  @Override
  public Field filterField(Identifier identifier) {
    String prefix = identifier.entity();
    if (prefix == null || prefix.equals("attributes")) {
      return column(identifier.key());
    }
    return switch (prefix) {
      case "metrics" ->
          new Field(Entity.METRIC, identifier.key(), ValueType.NUMBER, NUMERIC_OPERATORS);
      case "params" ->
          new Field(Entity.PARAM, identifier.key(), ValueType.STRING, STRING_LIST_OPERATORS);
      case "tags" ->
          new Field(Entity.TAG, identifier.key(), ValueType.STRING, STRING_LIST_OPERATORS);
      default ->
          throw CairnException.invalid(
              "Invalid entity type: '%s'. Expected one of ['attributes', 'metrics', 'params',"
                  + " 'tags'].",
              prefix);
    };
  }

  /** A column by name or alias. */
  static Field column(String name) {
    String key = ALIASES.getOrDefault(name, name);
    if (!COLUMNS.contains(key)) {
      throw CairnException.invalid("Invalid attribute key '%s' specified.", name);
    }
    return NUMERIC.contains(key)
        ? new Field(Entity.ATTRIBUTE, key, ValueType.INTEGER, NUMERIC_OPERATORS)
        : new Field(Entity.ATTRIBUTE, key, ValueType.STRING, STRING_LIST_OPERATORS);
  }

  @Override
  public Field orderField(Identifier identifier) {
    throw CairnException.invalid("logged-model order_by is structured, not a string");
  }

  @Override
  public boolean rejectsDuplicateOrderBy() {
    return false;
  }
}
