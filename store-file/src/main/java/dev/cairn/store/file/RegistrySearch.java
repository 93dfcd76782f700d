package dev.cairn.store.file;

import static dev.cairn.core.search.ComparisonEvaluator.matches;
import static dev.cairn.core.search.ComparisonEvaluator.nullsLast;

import dev.cairn.api.model.Tag;
import dev.cairn.api.registry.ModelVersion;
import dev.cairn.api.registry.RegisteredModel;
import dev.cairn.core.registry.RegistryQuery;
import dev.cairn.core.search.Comparison;
import dev.cairn.core.search.Entity;
import dev.cairn.core.search.Operator;
import dev.cairn.core.search.OrderBy;
import dev.cairn.core.tracking.Page;
import java.util.Comparator;
import java.util.List;

/**
 * Registry searches in memory with the SQL stores' semantics. Prompts (tag {@code
 * mlflow.prompt.is_prompt} = 'true') are left out unless the filter names that tag, as MLflow does.
 */
final class RegistrySearch {
  private static final String PROMPT_TAG = "mlflow.prompt.is_prompt";

  private RegistrySearch() {}

  static Page<RegisteredModel> models(List<RegisteredModel> all, RegistryQuery q) {
    Comparator<RegisteredModel> order = (a, b) -> 0;
    boolean name = false;
    for (OrderBy o : q.orderBy()) {
      order =
          order.thenComparing(
              nullsLast((RegisteredModel m) -> modelField(m, o.key()), o.ascending()));
      name |= o.key().equals("name");
    }
    if (!name) {
      order = order.thenComparing(RegisteredModel::name);
    }
    List<RegisteredModel> sorted =
        all.stream()
            .filter(m -> passes(q.filter(), m.tags(), c -> matches(c, modelField(m, c.key()))))
            .sorted(order)
            .toList();
    return TrackingSearch.page(sorted, q.offset(), q.maxResults());
  }

  private static Comparable<?> modelField(RegisteredModel m, String key) {
    return switch (key) {
      case "name" -> m.name();
      case "creation_time" -> m.creationTimestamp();
      default -> m.lastUpdatedTimestamp();
    };
  }

  static Page<ModelVersion> versions(List<ModelVersion> all, RegistryQuery q) {
    List<OrderBy> orderBy =
        q.orderBy().isEmpty()
            ? List.of(new OrderBy(Entity.ATTRIBUTE, "last_updated_time", false))
            : q.orderBy();
    Comparator<ModelVersion> order = (a, b) -> 0;
    boolean name = false;
    boolean version = false;
    for (OrderBy o : orderBy) {
      order =
          order.thenComparing(
              nullsLast((ModelVersion v) -> versionField(v, o.key()), o.ascending()));
      name |= o.key().equals("name");
      version |= o.key().equals("version");
    }
    if (!name) {
      order = order.thenComparing(ModelVersion::name);
    }
    if (!version) {
      order =
          order.thenComparing(nullsLast((ModelVersion v) -> Long.parseLong(v.version()), false));
    }
    List<ModelVersion> sorted =
        all.stream()
            .filter(v -> passes(q.filter(), v.tags(), c -> matches(c, versionField(v, c.key()))))
            .sorted(order)
            .toList();
    return TrackingSearch.page(sorted, q.offset(), q.maxResults());
  }

  private static Comparable<?> versionField(ModelVersion v, String key) {
    return switch (key) {
      case "name" -> v.name();
      case "version" -> Long.parseLong(v.version());
      case "run_id" -> v.runId();
      case "source" -> v.source();
      case "creation_time" -> v.creationTimestamp();
      default -> v.lastUpdatedTimestamp();
    };
  }

  /**
   * Every clause holds; tag clauses look at {@code tags}, the others through {@code attribute}.
   * Without a clause on the prompt tag, prompts are excluded.
   */
  private static boolean passes(
      List<Comparison> filter, List<Tag> tags, java.util.function.Predicate<Comparison> attribute) {
    boolean namesPrompt = false;
    for (Comparison c : filter) {
      if (c.entity() != Entity.TAG) {
        if (!attribute.test(c)) {
          return false;
        }
        continue;
      }
      namesPrompt |= c.key().equals(PROMPT_TAG);
      String value = TrackingSearch.tag(tags, c.key());
      if (c.key().equals(PROMPT_TAG) && c.operator() == Operator.NE) {
        // MLflow's clients add "tag.`mlflow.prompt.is_prompt` != 'true'" to every search: models
        // without the tag must match it.
        if (c.value().equals(value)) {
          return false;
        }
      } else if (!matches(c, value)) {
        return false;
      }
    }
    if (!namesPrompt) {
      String prompt = TrackingSearch.tag(tags, PROMPT_TAG);
      return prompt == null || !prompt.equalsIgnoreCase("true");
    }
    return true;
  }
}
