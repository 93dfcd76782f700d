package dev.cairn.core.search;

import static dev.cairn.core.search.Field.NULLABLE_STRING_OPERATORS;
import static dev.cairn.core.search.Field.NUMERIC_OPERATORS;
import static dev.cairn.core.search.Field.STRING_LIST_OPERATORS;
import static dev.cairn.core.search.Field.STRING_OPERATORS;
import static java.util.Map.entry;

import dev.cairn.core.CairnException;
import dev.cairn.core.search.Field.ValueType;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/** Identifiers of {@code runs/search}, as MLflow's {@code SearchUtils} accepts them. */
final class RunRules implements ScopeRules {
  private static final Map<String, Entity> ENTITIES =
      Map.ofEntries(
          entry("metric", Entity.METRIC),
          entry("metrics", Entity.METRIC),
          entry("parameter", Entity.PARAM),
          entry("parameters", Entity.PARAM),
          entry("param", Entity.PARAM),
          entry("params", Entity.PARAM),
          entry("tag", Entity.TAG),
          entry("tags", Entity.TAG),
          entry("attribute", Entity.ATTRIBUTE),
          entry("attributes", Entity.ATTRIBUTE),
          entry("attr", Entity.ATTRIBUTE),
          entry("run", Entity.ATTRIBUTE),
          entry("dataset", Entity.DATASET),
          entry("datasets", Entity.DATASET));

  /** Attributes usable in order_by; {@code created} is MLflow's alias of start_time. */
  private static final Map<String, Field> ORDER_ATTRIBUTES =
      Map.of(
          "run_id", attribute("run_id", ValueType.STRING, STRING_LIST_OPERATORS),
          "run_name", attribute("run_name", ValueType.STRING, STRING_OPERATORS),
          "user_id", attribute("user_id", ValueType.STRING, STRING_OPERATORS),
          "status", attribute("status", ValueType.STRING, STRING_OPERATORS),
          "artifact_uri", attribute("artifact_uri", ValueType.STRING, STRING_OPERATORS),
          "start_time", attribute("start_time", ValueType.INTEGER, NUMERIC_OPERATORS),
          "end_time", attribute("end_time", ValueType.INTEGER, NUMERIC_OPERATORS),
          "created", attribute("start_time", ValueType.INTEGER, NUMERIC_OPERATORS),
          "Created", attribute("start_time", ValueType.INTEGER, NUMERIC_OPERATORS));

  /** Filters also take MLflow's spelled-out run name aliases; order_by does not (MLflow quirk). */
  private static final Map<String, Field> FILTER_ATTRIBUTES = withRunNameAliases();

  private static final Map<String, Field> DATASET_FIELDS =
      Map.of(
          "name", dataset("name"),
          "digest", dataset("digest"),
          "context", dataset("context"));

  @Override
  public Field filterField(Identifier identifier) {
    return field(identifier, FILTER_ATTRIBUTES);
  }

  @Override
  public Field orderField(Identifier identifier) {
    Field field = field(identifier, ORDER_ATTRIBUTES);
    if (field.entity() == Entity.DATASET) {
      throw CairnException.invalid(
          "Invalid identifier type 'dataset' in order_by '%s'", identifier.raw());
    }
    return field;
  }

  @Override
  public boolean rejectsDuplicateOrderBy() {
    return true;
  }

  private static Field field(Identifier identifier, Map<String, Field> attributes) {
    String key = identifier.key();
    return switch (entity(identifier.entity())) {
      case METRIC -> new Field(Entity.METRIC, key, ValueType.NUMBER, NUMERIC_OPERATORS);
      case PARAM -> new Field(Entity.PARAM, key, ValueType.STRING, NULLABLE_STRING_OPERATORS);
      case TAG -> new Field(Entity.TAG, key, ValueType.STRING, NULLABLE_STRING_OPERATORS);
      case ATTRIBUTE -> ScopeRules.lookup(attributes, key, "attribute");
      case DATASET -> ScopeRules.lookup(DATASET_FIELDS, key, "dataset");
      // ENTITIES names none of the trace entities.
      case METADATA, FEEDBACK, EXPECTATION, SPAN -> throw new IllegalStateException();
    };
  }

  /** No prefix means attribute; the prefix may be backticked ({@code `metrics`.loss}). */
  private static Entity entity(String prefix) {
    if (prefix == null) {
      return Entity.ATTRIBUTE;
    }
    String name =
        prefix.length() >= 2 && prefix.startsWith("`") && prefix.endsWith("`")
            ? prefix.substring(1, prefix.length() - 1)
            : prefix;
    Entity entity = ENTITIES.get(name);
    if (entity == null) {
      throw CairnException.invalid(
          "Invalid entity type '%s'. Valid values are [metric, parameter, tag, attribute, dataset]",
          name);
    }
    return entity;
  }

  private static Map<String, Field> withRunNameAliases() {
    Map<String, Field> attributes = new HashMap<>(ORDER_ATTRIBUTES);
    Field runName = ORDER_ATTRIBUTES.get("run_name");
    attributes.put("run name", runName);
    attributes.put("Run name", runName);
    attributes.put("Run Name", runName);
    return Map.copyOf(attributes);
  }

  private static Field attribute(String key, ValueType type, Set<Operator> operators) {
    return new Field(Entity.ATTRIBUTE, key, type, operators);
  }

  private static Field dataset(String key) {
    return new Field(Entity.DATASET, key, ValueType.STRING, STRING_LIST_OPERATORS);
  }
}
