package dev.cairn.core.search;

import static dev.cairn.core.search.Field.NUMERIC_OPERATORS;

import dev.cairn.core.CairnException;
import dev.cairn.core.search.Field.ValueType;
import java.util.Map;
import java.util.Set;

/**
 * Identifiers of trace search, as MLflow's {@code SearchTraceUtils}: {@code attributes.} ({@code
 * trace.}) columns of {@code trace_info} (numeric times, string status, ids and name), {@code
 * tags.}, {@code metadata.} ({@code request_metadata.}), {@code feedback.} and {@code expectation.}
 * by assessment name, and {@code span.name|type|status}. A bare key is an attribute. Canonical
 * attribute keys: {@code timestamp_ms}, {@code execution_time_ms}, {@code end_time_ms}, {@code
 * status}, {@code request_id}, {@code client_request_id}, {@code name}, {@code run_id}, {@code
 * experiment_id} (order only).
 */
final class TraceRules implements ScopeRules {
  private static final Map<String, String> ALIASES =
      Map.of(
          "timestamp", "timestamp_ms",
          "execution_time", "execution_time_ms",
          "end_time", "end_time_ms",
          "trace_id", "request_id",
          "state", "status");
  private static final Set<String> NUMERIC =
      Set.of("timestamp_ms", "execution_time_ms", "end_time_ms");
  private static final Set<String> FILTER_STRINGS =
      Set.of("status", "request_id", "client_request_id", "name", "run_id");
  private static final Set<String> ORDER_KEYS =
      Set.of(
          "experiment_id",
          "timestamp_ms",
          "execution_time_ms",
          "end_time_ms",
          "status",
          "request_id",
          "name",
          "run_id");
  private static final Set<Operator> STRING_ATTRIBUTE =
      Set.of(Operator.EQ, Operator.NE, Operator.LIKE, Operator.ILIKE, Operator.IN, Operator.NOT_IN);
  private static final Set<Operator> TAG_OPERATORS =
      Set.of(
          Operator.EQ,
          Operator.NE,
          Operator.LIKE,
          Operator.ILIKE,
          Operator.IS_NULL,
          Operator.IS_NOT_NULL);

  @Override
  public Field filterField(Identifier identifier) {
    String key = identifier.key();
    return switch (prefix(identifier)) {
      case "attribute" -> {
        String column = ALIASES.getOrDefault(key, key);
        if (NUMERIC.contains(column)) {
          yield new Field(Entity.ATTRIBUTE, column, ValueType.INTEGER, NUMERIC_OPERATORS);
        }
        if (!FILTER_STRINGS.contains(column)) {
          throw CairnException.invalid("Invalid attribute key '%s' specified.", key);
        }
        yield new Field(Entity.ATTRIBUTE, column, ValueType.STRING, STRING_ATTRIBUTE);
      }
      case "tag" -> new Field(Entity.TAG, key, ValueType.STRING, TAG_OPERATORS);
      case "request_metadata" -> new Field(Entity.METADATA, key, ValueType.STRING, TAG_OPERATORS);
      case "feedback" -> new Field(Entity.FEEDBACK, key, ValueType.STRING, TAG_OPERATORS);
      case "expectation" -> new Field(Entity.EXPECTATION, key, ValueType.STRING, TAG_OPERATORS);
      case "span" -> {
        if (!Set.of("name", "type", "status").contains(key)) {
          throw CairnException.invalid("Invalid span attribute key '%s' specified.", key);
        }
        yield new Field(Entity.SPAN, key, ValueType.STRING, STRING_ATTRIBUTE);
      }
      default -> throw CairnException.invalid("Invalid entity type '%s'.", identifier.entity());
    };
  }

  @Override
  public Field orderField(Identifier identifier) {
    String key = identifier.key();
    return switch (prefix(identifier)) {
      case "attribute" -> {
        String column = ALIASES.getOrDefault(key, key);
        if (!ORDER_KEYS.contains(column)) {
          throw CairnException.invalid("Invalid order_by attribute key '%s' specified.", key);
        }
        yield new Field(Entity.ATTRIBUTE, column, ValueType.STRING, Set.of());
      }
      case "tag" -> new Field(Entity.TAG, key, ValueType.STRING, Set.of());
      case "request_metadata" -> new Field(Entity.METADATA, key, ValueType.STRING, Set.of());
      default ->
          throw CairnException.invalid("Invalid order_by entity type '%s'.", identifier.entity());
    };
  }

  @Override
  public boolean rejectsDuplicateOrderBy() {
    return false;
  }

  private static String prefix(Identifier identifier) {
    String p = identifier.entity();
    if (p == null) {
      return "attribute";
    }
    p = p.replace("`", "");
    return switch (p) {
      case "attributes", "attribute", "trace" -> "attribute";
      case "tags", "tag" -> "tag";
      case "metadata", "request_metadata" -> "request_metadata";
      default -> p;
    };
  }
}
