package dev.cairn.store.file;

import static dev.cairn.core.search.ComparisonEvaluator.nullsLast;

import dev.cairn.api.model.Tag;
import dev.cairn.api.registry.ModelVersion;
import dev.cairn.api.registry.RegisteredModel;
import dev.cairn.core.registry.RegistryQuery;
import dev.cairn.core.search.Comparison;
import dev.cairn.core.search.ComparisonEvaluator;
import dev.cairn.core.search.Entity;
import dev.cairn.core.search.Operator;
import dev.cairn.core.search.OrderBy;
import dev.cairn.core.tracking.Page;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Registry searches in memory with the SQL stores' semantics. Prompts (tag {@code
 * mlflow.prompt.is_prompt} = 'true') are left out unless the filter names that tag, as MLflow does.
 */
final class RegistrySearch {
  private static final String PROMPT_TAG = "mlflow.prompt.is_prompt";

  private static final List<OrderBy> ASC_NAME =
      List.of(new OrderBy(Entity.ATTRIBUTE, "name", true));
  private static final List<OrderBy> ASC_NAME_DESC_VERSION =
      List.of(
          new OrderBy(Entity.ATTRIBUTE, "name", true),
          new OrderBy(Entity.ATTRIBUTE, "version", false));

  private RegistrySearch() {}

  static Page<RegisteredModel> models(List<RegisteredModel> all, RegistryQuery q) {
    List<RegisteredModel> sorted =
        all.stream()
            .filter(filter(q.filter(), RegisteredModel::tags, RegistrySearch::modelField))
            .sorted(order(q.orderBy(), RegistrySearch::modelField, ASC_NAME))
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
    List<ModelVersion> sorted =
        all.stream()
            .filter(filter(q.filter(), ModelVersion::tags, RegistrySearch::versionField))
            .sorted(order(orderBy, RegistrySearch::versionField, ASC_NAME_DESC_VERSION))
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

  /** The order asked, then each tie-breaker on a key the order does not already name. */
  private static <T> Comparator<T> order(
      List<OrderBy> orderBy,
      BiFunction<T, String, Comparable<?>> field,
      List<OrderBy> tieBreakers) {
    Comparator<T> order = (a, b) -> 0;
    Set<String> keys = new HashSet<>();
    for (OrderBy o : orderBy) {
      keys.add(o.key());
      order = order.thenComparing(nullsLast((T t) -> field.apply(t, o.key()), o.ascending()));
    }
    for (OrderBy o : tieBreakers) {
      if (!keys.contains(o.key())) {
        order = order.thenComparing(nullsLast((T t) -> field.apply(t, o.key()), o.ascending()));
      }
    }
    return order;
  }

  /**
   * Every clause holds; tag clauses look at the tags, the others at the fields. Without a clause on
   * the prompt tag, prompts are excluded.
   */
  private static <T> Predicate<T> filter(
      List<Comparison> filter,
      Function<T, List<Tag>> tags,
      BiFunction<T, String, Comparable<?>> field) {
    Predicate<T> all = TrackingSearch.all(filter, c -> clause(c, tags, field));
    boolean namesPrompt =
        filter.stream().anyMatch(c -> c.entity() == Entity.TAG && c.key().equals(PROMPT_TAG));
    return namesPrompt
        ? all
        : all.and(t -> !"true".equalsIgnoreCase(TrackingSearch.tag(tags.apply(t), PROMPT_TAG)));
  }

  private static <T> Predicate<T> clause(
      Comparison c, Function<T, List<Tag>> tags, BiFunction<T, String, Comparable<?>> field) {
    String key = c.key();
    Predicate<Object> holds = ComparisonEvaluator.of(c);
    if (c.entity() != Entity.TAG) {
      return t -> holds.test(field.apply(t, key));
    }
    if (key.equals(PROMPT_TAG) && c.operator() == Operator.NE) {
      // MLflow's clients add "tag.`mlflow.prompt.is_prompt` != 'true'" to every search: models
      // without the tag must match it.
      return t -> !c.value().equals(TrackingSearch.tag(tags.apply(t), key));
    }
    return t -> holds.test(TrackingSearch.tag(tags.apply(t), key));
  }
}
