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

  /**
   * For the registry scopes: true for a {@code tag}/{@code tags} prefix, false for none or {@code
   * attribute(s)}; any other prefix is INVALID_PARAMETER_VALUE.
   */
  static boolean isRegistryTag(Identifier identifier) {
    String prefix = identifier.entity();
    if (prefix == null || prefix.equals("attribute") || prefix.equals("attributes")) {
      return false;
    }
    if (prefix.equals("tag") || prefix.equals("tags")) {
      return true;
    }
    throw CairnException.invalid("Invalid entity type '%s' in filter.", prefix);
  }

  /** For the registry scopes: order_by takes bare attribute names only. */
  static Field registryOrderField(Map<String, Field> fields, Identifier identifier) {
    if (identifier.entity() != null) {
      throw CairnException.invalid("Invalid order_by key '%s'", identifier.raw());
    }
    return lookup(fields, identifier.key(), "order_by");
  }
}
