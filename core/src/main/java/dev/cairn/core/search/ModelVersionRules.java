package dev.cairn.core.search;

import static dev.cairn.core.search.Field.NUMERIC_OPERATORS;
import static dev.cairn.core.search.Field.STRING_LIST_OPERATORS;
import static dev.cairn.core.search.Field.STRING_OPERATORS;

import dev.cairn.core.search.Field.ValueType;
import java.util.Map;

/**
 * Identifiers of {@code model-versions/search}: {@code name}, {@code version_number} (numeric),
 * {@code run_id} (also IN / NOT IN), {@code source_path} and {@code tags.<key>}; order_by on name,
 * version_number and the two timestamps.
 */
final class ModelVersionRules implements ScopeRules {
  private static final Map<String, Field> FILTER =
      Map.of(
          "name", attribute("name", ValueType.STRING, STRING_OPERATORS),
          "version_number", attribute("version", ValueType.INTEGER, NUMERIC_OPERATORS),
          "run_id", attribute("run_id", ValueType.STRING, STRING_LIST_OPERATORS),
          "source_path", attribute("source", ValueType.STRING, STRING_OPERATORS));
  private static final Map<String, Field> ORDER =
      Map.of(
          "name", attribute("name", ValueType.STRING, STRING_OPERATORS),
          "version_number", attribute("version", ValueType.INTEGER, NUMERIC_OPERATORS),
          "creation_timestamp", attribute("creation_time", ValueType.INTEGER, NUMERIC_OPERATORS),
          "last_updated_timestamp",
              attribute("last_updated_time", ValueType.INTEGER, NUMERIC_OPERATORS));

  @Override
  public Field filterField(Identifier identifier) {
    if (ScopeRules.isRegistryTag(identifier)) {
      return new Field(Entity.TAG, identifier.key(), ValueType.STRING, STRING_OPERATORS);
    }
    return ScopeRules.lookup(FILTER, identifier.key(), "attribute");
  }

  @Override
  public Field orderField(Identifier identifier) {
    return ScopeRules.registryOrderField(ORDER, identifier);
  }

  @Override
  public boolean rejectsDuplicateOrderBy() {
    return false;
  }

  private static Field attribute(String key, ValueType type, java.util.Set<Operator> ops) {
    return new Field(Entity.ATTRIBUTE, key, type, ops);
  }
}
