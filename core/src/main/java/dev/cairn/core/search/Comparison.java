package dev.cairn.core.search;

import java.util.List;

/**
 * One clause of a filter, already validated for its entity. {@code key} is canonical: attribute
 * aliases are resolved ({@code created} becomes {@code start_time}, {@code `Run name`} becomes
 * {@code run_name}). {@code value} is a {@link String} for string comparisons, a {@link Double} for
 * metrics, a {@link Long} for numeric attributes, a {@link List} of strings for IN/NOT IN, and
 * {@code null} for IS NULL/IS NOT NULL.
 */
public record Comparison(Entity entity, String key, Operator operator, Object value) {
  @SuppressWarnings("unchecked")
  public List<String> values() {
    return (List<String>) value;
  }
}
