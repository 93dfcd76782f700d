package dev.cairn.core.search;

import static dev.cairn.core.search.Field.NULLABLE_STRING_OPERATORS;
import static dev.cairn.core.search.Field.NUMERIC_OPERATORS;
import static dev.cairn.core.search.Field.STRING_OPERATORS;

import dev.cairn.core.CairnException;
import dev.cairn.core.search.Field.ValueType;
import java.util.Map;
import java.util.Set;

/**
 * Identifiers of {@code experiments/search}, as MLflow's {@code SearchExperimentsUtils} and SQL
 * store accept them. The prefixes are exactly {@code attribute}, {@code tag} and {@code tags}:
 * unlike runs, MLflow takes neither {@code attributes.} nor a backticked prefix here.
 */
final class ExperimentRules implements ScopeRules {
  private static final Map<String, Field> ATTRIBUTES =
      Map.of(
          "name",
          attribute("name", ValueType.STRING, STRING_OPERATORS),
          // MLflow 3 filters experiment_id as a quoted integer: = != IN NOT IN only.
          "experiment_id",
          attribute(
              "experiment_id",
              ValueType.INTEGER_STRING,
              Set.of(Operator.EQ, Operator.NE, Operator.IN, Operator.NOT_IN)),
          "creation_time",
          attribute("creation_time", ValueType.INTEGER, NUMERIC_OPERATORS),
          "last_update_time",
          attribute("last_update_time", ValueType.INTEGER, NUMERIC_OPERATORS));

  @Override
  public Field filterField(Identifier identifier) {
    if (isTag(identifier.entity())) {
      return new Field(Entity.TAG, identifier.key(), ValueType.STRING, NULLABLE_STRING_OPERATORS);
    }
    return ScopeRules.lookup(ATTRIBUTES, identifier.key(), "attribute");
  }

  @Override
  public Field orderField(Identifier identifier) {
    if (isTag(identifier.entity())) {
      throw CairnException.invalid("Invalid order_by entity: tag");
    }
    return ScopeRules.lookup(ATTRIBUTES, identifier.key(), "attribute");
  }

  /** MLflow's experiment search does not check order_by for duplicates. */
  @Override
  public boolean rejectsDuplicateOrderBy() {
    return false;
  }

  /** True for a tag prefix, false for none or {@code attribute}; any other prefix is an error. */
  private static boolean isTag(String prefix) {
    if (prefix == null || prefix.equals("attribute")) {
      return false;
    }
    if (prefix.equals("tag") || prefix.equals("tags")) {
      return true;
    }
    throw CairnException.invalid(
        "Invalid entity type '%s'. Valid entity types are [attribute, tag, tags]", prefix);
  }

  private static Field attribute(String key, ValueType type, Set<Operator> operators) {
    return new Field(Entity.ATTRIBUTE, key, type, operators);
  }
}
