package dev.cairn.core.search;

import java.util.Set;

/**
 * What a resolved identifier may be compared with: the canonical entity and key, the literal type
 * its values must have and the operators it accepts.
 */
record Field(Entity entity, String key, ValueType type, Set<Operator> operators) {

  enum ValueType {
    /** A numeric literal, kept as {@link Double} (metrics). */
    NUMBER,
    /** An integral numeric literal, kept as {@link Long} (timestamps). */
    INTEGER,
    /** A quoted string. */
    STRING,
    /** A quoted string holding a decimal integer, kept as {@link String} (experiment ids). */
    INTEGER_STRING
  }

  static final Set<Operator> NUMERIC_OPERATORS =
      Set.of(Operator.EQ, Operator.NE, Operator.GT, Operator.GE, Operator.LT, Operator.LE);
  static final Set<Operator> STRING_OPERATORS =
      Set.of(Operator.EQ, Operator.NE, Operator.LIKE, Operator.ILIKE);
  static final Set<Operator> STRING_LIST_OPERATORS =
      Set.of(Operator.EQ, Operator.NE, Operator.LIKE, Operator.ILIKE, Operator.IN, Operator.NOT_IN);
  static final Set<Operator> NULLABLE_STRING_OPERATORS =
      Set.of(
          Operator.EQ,
          Operator.NE,
          Operator.LIKE,
          Operator.ILIKE,
          Operator.IS_NULL,
          Operator.IS_NOT_NULL);

  Field withKey(String canonicalKey) {
    return new Field(entity, canonicalKey, type, operators);
  }
}
