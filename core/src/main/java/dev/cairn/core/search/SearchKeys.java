package dev.cairn.core.search;

import static dev.cairn.core.CairnException.invalid;

import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Which entities, keys and operators each search accepts (MLflow's search_utils rules). */
final class SearchKeys {
  private SearchKeys() {}

  private static final Map<String, Entity> RUN_PREFIXES =
      Map.ofEntries(
          Map.entry("metric", Entity.METRIC), Map.entry("metrics", Entity.METRIC),
          Map.entry("param", Entity.PARAM), Map.entry("params", Entity.PARAM),
          Map.entry("parameter", Entity.PARAM), Map.entry("parameters", Entity.PARAM),
          Map.entry("tag", Entity.TAG), Map.entry("tags", Entity.TAG),
          Map.entry("attribute", Entity.ATTRIBUTE), Map.entry("attributes", Entity.ATTRIBUTE),
          Map.entry("attr", Entity.ATTRIBUTE), Map.entry("run", Entity.ATTRIBUTE),
          Map.entry("dataset", Entity.DATASET), Map.entry("datasets", Entity.DATASET));

  private static final Map<String, Entity> EXPERIMENT_PREFIXES =
      Map.of(
          "attribute",
          Entity.ATTRIBUTE,
          "attributes",
          Entity.ATTRIBUTE,
          "tag",
          Entity.TAG,
          "tags",
          Entity.TAG);

  static final Set<String> RUN_STRING_ATTRIBUTES =
      Set.of("run_id", "run_name", "user_id", "status", "artifact_uri", "lifecycle_stage");
  static final Set<String> RUN_NUMERIC_ATTRIBUTES = Set.of("start_time", "end_time");
  static final Set<String> DATASET_KEYS = Set.of("name", "digest", "context");
  static final Set<String> EXPERIMENT_STRING_ATTRIBUTES = Set.of("name");
  static final Set<String> EXPERIMENT_NUMERIC_ATTRIBUTES =
      Set.of("creation_time", "last_update_time");
  static final Set<String> EXPERIMENT_ORDER_ATTRIBUTES =
      Set.of("name", "experiment_id", "creation_time", "last_update_time");

  static Entity entity(SearchScope scope, Cursor.Identifier id) {
    if (id.prefix() == null) {
      return Entity.ATTRIBUTE;
    }
    Map<String, Entity> prefixes = scope == SearchScope.RUNS ? RUN_PREFIXES : EXPERIMENT_PREFIXES;
    Entity e = prefixes.get(id.prefix());
    if (e == null) {
      throw invalid(
          "Invalid entity type '%s'. Valid values are %s",
          id.prefix(), prefixes.keySet().stream().sorted().toList());
    }
    return e;
  }

  /** The canonical attribute name: MLflow's aliases resolved. */
  static String attribute(SearchScope scope, String key) {
    if (scope == SearchScope.RUNS) {
      return switch (key) {
        case "created", "Created" -> "start_time";
        case "run name", "Run name", "Run Name" -> "run_name";
        default -> key;
      };
    }
    return key;
  }

  static boolean isNumericAttribute(SearchScope scope, String key) {
    return (scope == SearchScope.RUNS ? RUN_NUMERIC_ATTRIBUTES : EXPERIMENT_NUMERIC_ATTRIBUTES)
        .contains(key);
  }

  static void checkFilterAttribute(SearchScope scope, String key) {
    boolean known =
        scope == SearchScope.RUNS
            ? RUN_STRING_ATTRIBUTES.contains(key) || RUN_NUMERIC_ATTRIBUTES.contains(key)
            : EXPERIMENT_STRING_ATTRIBUTES.contains(key)
                || EXPERIMENT_NUMERIC_ATTRIBUTES.contains(key);
    if (!known) {
      throw invalid(
          "Invalid attribute key '%s' specified. Valid keys are '%s'", key, validAttributes(scope));
    }
  }

  static void checkOrderAttribute(SearchScope scope, String key) {
    Set<String> valid =
        scope == SearchScope.RUNS ? orderableRunAttributes() : EXPERIMENT_ORDER_ATTRIBUTES;
    if (!valid.contains(key)) {
      throw invalid(
          "Invalid attribute key '%s' specified. Valid keys are '%s'",
          key, valid.stream().sorted().toList());
    }
  }

  private static Set<String> orderableRunAttributes() {
    return Set.of(
        "run_id", "run_name", "user_id", "status", "artifact_uri", "start_time", "end_time");
  }

  private static Object validAttributes(SearchScope scope) {
    return scope == SearchScope.RUNS
        ? java.util.stream.Stream.concat(
                RUN_STRING_ATTRIBUTES.stream(), RUN_NUMERIC_ATTRIBUTES.stream())
            .sorted()
            .toList()
        : java.util.stream.Stream.concat(
                EXPERIMENT_STRING_ATTRIBUTES.stream(), EXPERIMENT_NUMERIC_ATTRIBUTES.stream())
            .sorted()
            .toList();
  }

  static String lower(String s) {
    return s.toLowerCase(Locale.ROOT);
  }
}
