package dev.cairn.store.sql;

import dev.cairn.core.search.Comparison;
import dev.cairn.core.search.Operator;
import java.util.ArrayList;
import java.util.List;

/** A piece of SQL text with its bind arguments, built up in order. */
final class SqlFragment {
  final StringBuilder sql = new StringBuilder();
  final List<Object> args = new ArrayList<>();

  SqlFragment append(String text, Object... values) {
    sql.append(text);
    args.addAll(List.of(values));
    return this;
  }

  /**
   * {@code column <op> ?} for one filter clause on a plain column (value already typed by the
   * parser).
   */
  static SqlFragment compare(Dialect dialect, String column, Comparison c) {
    SqlFragment f = new SqlFragment();
    Operator op = c.operator();
    switch (op) {
      case LIKE -> f.append(dialect.caseSensitiveLike(column), c.value());
      case ILIKE -> f.append(dialect.caseInsensitiveLike(column), c.value());
      case IN, NOT_IN -> {
        List<String> values = c.values();
        if (values.isEmpty()) {
          f.append(op == Operator.IN ? "1 = 0" : "1 = 1");
        } else {
          f.append(
              column
                  + (op == Operator.IN ? " IN (" : " NOT IN (")
                  + Jdbc.placeholders(values.size())
                  + ")");
          f.args.addAll(values);
        }
      }
      case IS_NULL -> f.append(column + " IS NULL");
      case IS_NOT_NULL -> f.append(column + " IS NOT NULL");
      default -> {
        if (dialect == Dialect.MYSQL
            && c.value() instanceof String
            && (op == Operator.EQ || op == Operator.NE)) {
          // MySQL compares strings case-insensitively by default; MLflow adds a BINARY
          // comparison there so that = and != are exact as on other databases.
          f.append(
              op == Operator.EQ
                  ? "(" + column + " = ? AND BINARY " + column + " = ?)"
                  : "(" + column + " != ? OR BINARY " + column + " != ?)",
              c.value(),
              c.value());
        } else {
          f.append(column + " " + op.symbol() + " ?", c.value());
        }
      }
    }
    return f;
  }

  Object[] argArray() {
    return args.toArray();
  }
}
