package dev.cairn.core.search;

import static dev.cairn.core.search.Field.STRING_OPERATORS;

import dev.cairn.core.CairnException;
import dev.cairn.core.search.Field.ValueType;
import java.util.Map;

/**
 * Identifiers of {@code registered-models/search}: filters on {@code name} and {@code tags.<key>};
 * order_by on {@code name}, {@code timestamp} and {@code last_updated_timestamp} (both timestamps
 * order by the last update, as MLflow does).
 */
final class RegisteredModelRules implements ScopeRules {
  private static final Map<String, Field> ORDER =
      Map.of(
          "name", new Field(Entity.ATTRIBUTE, "name", ValueType.STRING, STRING_OPERATORS),
          "timestamp",
              new Field(Entity.ATTRIBUTE, "last_updated_time", ValueType.INTEGER, STRING_OPERATORS),
          "last_updated_timestamp",
              new Field(
                  Entity.ATTRIBUTE, "last_updated_time", ValueType.INTEGER, STRING_OPERATORS));

  @Override
  public Field filterField(Identifier identifier) {
    if (ScopeRules.isRegistryTag(identifier)) {
      return new Field(Entity.TAG, identifier.key(), ValueType.STRING, STRING_OPERATORS);
    }
    if (!identifier.key().equals("name")) {
      throw CairnException.invalid(
          "Invalid attribute key '%s' specified. Valid keys are '{'name'}'", identifier.key());
    }
    return new Field(Entity.ATTRIBUTE, "name", ValueType.STRING, STRING_OPERATORS);
  }

  @Override
  public Field orderField(Identifier identifier) {
    return ScopeRules.registryOrderField(ORDER, identifier);
  }

  @Override
  public boolean rejectsDuplicateOrderBy() {
    return false;
  }
}
