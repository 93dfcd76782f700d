package dev.cairn.core.search;

import dev.cairn.core.CairnException;
import java.util.Map;
import java.util.TreeSet;

/** What one search endpoint accepts: which identifiers exist and how they may be used. */
interface ScopeRules {

  /** The field a filter identifier names; throws INVALID_PARAMETER_VALUE when unknown. */
  Field filterField(Identifier identifier);

  /** The field an order_by identifier names; throws INVALID_PARAMETER_VALUE when unknown. */
  Field orderField(Identifier identifier);

  /** Whether the same field twice in order_by is an error (MLflow: yes for runs, no elsewhere). */
  boolean rejectsDuplicateOrderBy();

  /** The field {@code key} names in {@code fields}; {@code kind} words the error message. */
  static Field lookup(Map<String, Field> fields, String key, String kind) {
    Field field = fields.get(key);
    if (field == null) {
      throw CairnException.invalid(
          "Invalid %s key '%s' specified. Valid keys are '%s'",
          kind, key, new TreeSet<>(fields.keySet()));
    }
    return field;
  }
}
