package dev.cairn.core.search;

import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * Evaluates one filter clause against a value in memory, with the SQL stores' semantics: a missing
 * value (null) matches only IS NULL; LIKE is case-sensitive with {@code %} and {@code _} wildcards,
 * ILIKE is not; numbers compare numerically. For stores that keep no database (MLflow's file store
 * layout).
 */
public final class ComparisonEvaluator {
  private ComparisonEvaluator() {}

  /**
   * The clause as a test of one value: a {@link String}, a {@link Number} or null (the entity has
   * no such key). Built once per search, so that a LIKE pattern is compiled once, not per value.
   */
  public static Predicate<Object> of(Comparison c) {
    Operator op = c.operator();
    return switch (op) {
      case IS_NULL -> Objects::isNull;
      case IS_NOT_NULL -> Objects::nonNull;
      case LIKE, ILIKE -> {
        Pattern pattern = like(c.value().toString(), op == Operator.ILIKE);
        yield actual -> actual != null && pattern.matcher(actual.toString()).matches();
      }
      case IN -> actual -> actual != null && in(c.values(), actual);
      case NOT_IN -> actual -> actual != null && !in(c.values(), actual);
      default -> actual -> actual != null && ordered(op, compare(actual, c.value()));
    };
  }

  private static boolean ordered(Operator op, Integer cmp) {
    if (cmp == null) {
      return op == Operator.NE;
    }
    return switch (op) {
      case EQ -> cmp == 0;
      case NE -> cmp != 0;
      case GT -> cmp > 0;
      case GE -> cmp >= 0;
      case LT -> cmp < 0;
      case LE -> cmp <= 0;
      default -> false;
    };
  }

  private static boolean in(List<String> values, Object actual) {
    for (String v : values) {
      Integer cmp = compare(actual, v);
      if (cmp != null && cmp == 0) {
        return true;
      }
    }
    return false;
  }

  /**
   * {@code actual} against a literal: numerically when either is a number (null when one is not a
   * number or is NaN: nothing is equal to or ordered against NaN), else as strings.
   */
  private static Integer compare(Object actual, Object literal) {
    if (actual instanceof Number || literal instanceof Number) {
      Double a = number(actual);
      Double b = number(literal);
      if (a == null || b == null || a.isNaN() || b.isNaN()) {
        return null;
      }
      return Double.compare(a, b);
    }
    return actual.toString().compareTo(literal.toString());
  }

  private static Double number(Object o) {
    if (o instanceof Number n) {
      return n.doubleValue();
    }
    try {
      return Double.parseDouble(o.toString());
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /** SQL LIKE: {@code %} any run of characters, {@code _} one character, nothing escapes. */
  static Pattern like(String pattern, boolean ignoreCase) {
    StringBuilder regex = new StringBuilder();
    StringBuilder literal = new StringBuilder();
    for (char ch : pattern.toCharArray()) {
      if (ch == '%' || ch == '_') {
        if (!literal.isEmpty()) {
          regex.append(Pattern.quote(literal.toString()));
          literal.setLength(0);
        }
        regex.append(ch == '%' ? ".*" : ".");
      } else {
        literal.append(ch);
      }
    }
    if (!literal.isEmpty()) {
      regex.append(Pattern.quote(literal.toString()));
    }
    int flags = Pattern.DOTALL | (ignoreCase ? Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE : 0);
    return Pattern.compile(regex.toString(), flags);
  }

  /**
   * Orders values of one sort key: present values first in the given direction, missing (null)
   * values last whatever the direction, as the SQL stores order them.
   */
  public static <T> Comparator<T> nullsLast(
      java.util.function.Function<T, ? extends Comparable<?>> key, boolean ascending) {
    return (x, y) -> {
      @SuppressWarnings("unchecked")
      Comparable<Object> a = (Comparable<Object>) key.apply(x);
      @SuppressWarnings("unchecked")
      Comparable<Object> b = (Comparable<Object>) key.apply(y);
      if (a == null || b == null) {
        return a == null ? (b == null ? 0 : 1) : -1;
      }
      int cmp = a.compareTo(b);
      return ascending ? cmp : -cmp;
    };
  }
}
