package dev.cairn.core.search;

import static dev.cairn.core.CairnException.invalid;

import dev.cairn.core.search.Token.Kind;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * MLflow's filter grammar: {@code <identifier> <operator> <value> [AND ...]}. OR, NOT and
 * parentheses for grouping are rejected as MLflow rejects them. Every failure is
 * INVALID_PARAMETER_VALUE.
 */
public final class FilterParser {
  private static final Set<Operator> NUMERIC =
      Set.of(Operator.EQ, Operator.NE, Operator.GT, Operator.GE, Operator.LT, Operator.LE);
  private static final Set<Operator> STRING =
      Set.of(Operator.EQ, Operator.NE, Operator.LIKE, Operator.ILIKE);
  private static final Set<Operator> NULL_CHECKS = Set.of(Operator.IS_NULL, Operator.IS_NOT_NULL);
  private static final Set<Operator> LISTS = Set.of(Operator.IN, Operator.NOT_IN);

  private FilterParser() {}

  /** The clauses of {@code filter} (all must hold); empty for a null or blank filter. */
  public static List<Comparison> parse(SearchScope scope, String filter) {
    if (filter == null || filter.isBlank()) {
      return List.of();
    }
    Cursor cursor = new Cursor(filter);
    List<Comparison> out = new ArrayList<>();
    do {
      out.add(comparison(scope, cursor));
    } while (cursor.acceptWord("AND"));
    if (!cursor.atEnd()) {
      throw invalid(
          "Invalid clause(s) in filter string: '%s'. Only conjunctions (AND) of comparisons are"
              + " supported; unexpected '%s' at position %d",
          filter, cursor.peek().text(), cursor.peek().position());
    }
    return out;
  }

  private static Comparison comparison(SearchScope scope, Cursor cursor) {
    Cursor.Identifier id = cursor.identifier();
    Entity entity = SearchKeys.entity(scope, id);
    String key = entity == Entity.ATTRIBUTE ? SearchKeys.attribute(scope, id.key()) : id.key();
    Operator op = operator(cursor);
    return switch (entity) {
      case METRIC -> new Comparison(entity, key, check(op, NUMERIC, id), number(cursor, false));
      case PARAM, TAG -> stringOrNull(entity, key, op, id, cursor);
      case DATASET -> dataset(key, op, id, cursor);
      case ATTRIBUTE -> attribute(scope, key, op, id, cursor);
    };
  }

  private static Comparison stringOrNull(
      Entity entity, String key, Operator op, Cursor.Identifier id, Cursor cursor) {
    if (NULL_CHECKS.contains(op)) {
      return new Comparison(entity, key, op, null);
    }
    return new Comparison(entity, key, check(op, STRING, id), string(cursor));
  }

  private static Comparison dataset(String key, Operator op, Cursor.Identifier id, Cursor cursor) {
    if (!SearchKeys.DATASET_KEYS.contains(key)) {
      throw invalid(
          "Invalid dataset key '%s'. Valid keys are %s",
          key, SearchKeys.DATASET_KEYS.stream().sorted().toList());
    }
    if (LISTS.contains(op)) {
      return new Comparison(Entity.DATASET, key, op, list(cursor));
    }
    return new Comparison(Entity.DATASET, key, check(op, STRING, id), string(cursor));
  }

  private static Comparison attribute(
      SearchScope scope, String key, Operator op, Cursor.Identifier id, Cursor cursor) {
    SearchKeys.checkFilterAttribute(scope, key);
    if (SearchKeys.isNumericAttribute(scope, key)) {
      return new Comparison(Entity.ATTRIBUTE, key, check(op, NUMERIC, id), number(cursor, true));
    }
    if (LISTS.contains(op) && key.equals("run_id")) {
      return new Comparison(Entity.ATTRIBUTE, key, op, list(cursor));
    }
    return new Comparison(Entity.ATTRIBUTE, key, check(op, STRING, id), string(cursor));
  }

  private static Operator check(Operator op, Set<Operator> allowed, Cursor.Identifier id) {
    if (!allowed.contains(op)) {
      throw invalid(
          "Invalid comparator '%s' for '%s'. Allowed comparators are %s",
          op.symbol(),
          id.prefix() == null ? id.key() : id.prefix() + "." + id.key(),
          allowed.stream().map(Operator::symbol).sorted().toList());
    }
    return op;
  }

  private static Operator operator(Cursor cursor) {
    Token t = cursor.next();
    if (t.kind() == Kind.OPERATOR) {
      return switch (t.text()) {
        case "=" -> Operator.EQ;
        case "!=" -> Operator.NE;
        case ">" -> Operator.GT;
        case ">=" -> Operator.GE;
        case "<" -> Operator.LT;
        default -> Operator.LE;
      };
    }
    if (t.isWord("LIKE")) {
      return Operator.LIKE;
    }
    if (t.isWord("ILIKE")) {
      return Operator.ILIKE;
    }
    if (t.isWord("IN")) {
      return Operator.IN;
    }
    if (t.isWord("NOT") && cursor.acceptWord("IN")) {
      return Operator.NOT_IN;
    }
    if (t.isWord("IS")) {
      boolean not = cursor.acceptWord("NOT");
      if (cursor.acceptWord("NULL")) {
        return not ? Operator.IS_NOT_NULL : Operator.IS_NULL;
      }
    }
    throw invalid(
        "Invalid comparator '%s' in filter string '%s' at position %d",
        t.text(), cursor.input(), t.position());
  }

  private static String string(Cursor cursor) {
    Token t = cursor.next();
    if (t.kind() == Kind.STRING || t.kind() == Kind.DOUBLE_QUOTED) {
      return t.text();
    }
    throw invalid(
        "Parameter value is either not quoted or unidentified quote types used for string value"
            + " %s. Use either single or double quotes.",
        t.text().isEmpty() ? "<missing>" : t.text());
  }

  private static Object number(Cursor cursor, boolean integer) {
    Token t = cursor.next();
    if (t.kind() != Kind.NUMBER) {
      throw invalid(
          "Expected numeric value type for metric or numeric attribute, got '%s'",
          t.text().isEmpty() ? "<missing>" : t.text());
    }
    try {
      if (integer) {
        return Long.parseLong(t.text());
      }
      double d = Double.parseDouble(t.text());
      if (t.text().matches(".*[a-zA-Z&&[^eE]].*")) {
        throw new NumberFormatException();
      }
      return d;
    } catch (NumberFormatException e) {
      throw invalid("Invalid numeric value '%s' in filter string '%s'", t.text(), cursor.input());
    }
  }

  private static List<String> list(Cursor cursor) {
    if (cursor.next().kind() != Kind.LEFT_PAREN) {
      throw invalid("While parsing a list in the query, expected a parenthesised list of strings");
    }
    List<String> values = new ArrayList<>();
    do {
      Token t = cursor.next();
      if (t.kind() != Kind.STRING && t.kind() != Kind.DOUBLE_QUOTED) {
        throw invalid(
            "While parsing a list in the query, expected string value, punctuation, or"
                + " whitespace, but got '%s'",
            t.text());
      }
      values.add(t.text());
    } while (cursor.peek().kind() == Kind.COMMA && cursor.next() != null);
    if (cursor.next().kind() != Kind.RIGHT_PAREN) {
      throw invalid("While parsing a list in the query, expected a closing parenthesis");
    }
    return List.copyOf(values);
  }
}
