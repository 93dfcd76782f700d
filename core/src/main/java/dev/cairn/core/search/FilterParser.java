package dev.cairn.core.search;

import dev.cairn.core.CairnException;
import dev.cairn.core.search.Token.Kind;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Parses MLflow's search filter grammar: {@code <comparison> [AND <comparison>]...}. OR, NOT and
 * parentheses for grouping are rejected, as in MLflow. Example: {@code metrics.acc > 0.9 AND
 * params.model = 'cnn' AND tags.`user-name` LIKE 'a%'}.
 */
public final class FilterParser {
  private FilterParser() {}

  /**
   * The clauses of {@code filter} for {@code scope}, in source order; empty for a null or blank
   * filter.
   *
   * @throws CairnException INVALID_PARAMETER_VALUE for any malformed or unsupported filter
   */
  public static List<Comparison> parse(SearchScope scope, String filter) {
    if (filter == null || filter.isBlank()) {
      return List.of();
    }
    TokenCursor cursor = new TokenCursor(filter);
    List<Comparison> clauses = new ArrayList<>();
    skipConnectors(cursor);
    while (!cursor.atEnd()) {
      clauses.add(clause(scope.rules(), cursor));
      if (!cursor.atEnd() && !cursor.peek().isKeyword("AND")) {
        throw cursor.unexpected(cursor.peek());
      }
      skipConnectors(cursor);
    }
    return List.copyOf(clauses);
  }

  /**
   * MLflow (through sqlparse) ignores leading, trailing and repeated ANDs, so {@code "a = 'x' AND"}
   * is accepted; we accept it too so that every filter MLflow takes keeps working here.
   */
  private static void skipConnectors(TokenCursor cursor) {
    while (cursor.peek().isKeyword("AND")) {
      cursor.next();
    }
  }

  private static Comparison clause(ScopeRules rules, TokenCursor cursor) {
    Token start = cursor.peek();
    if (start.is(Kind.LPAREN) || start.isKeyword("NOT") || start.isKeyword("OR")) {
      throw cursor.unexpected(start);
    }
    Field field = rules.filterField(cursor.identifier());
    Operator operator = operator(cursor);
    if (!field.operators().contains(operator)) {
      throw CairnException.invalid(
          "Invalid comparator '%s' for %s '%s', not one of %s",
          operator.symbol(),
          ValueReader.entityName(field.entity()),
          field.key(),
          field.operators().stream().map(Operator::symbol).sorted().toList());
    }
    return new Comparison(
        field.entity(), field.key(), operator, ValueReader.read(cursor, field, operator));
  }

  private static Operator operator(TokenCursor cursor) {
    Token token = cursor.next();
    if (token.is(Kind.COMPARATOR)) {
      return comparator(token);
    }
    if (token.isKeyword("LIKE") || token.isKeyword("ILIKE") || token.isKeyword("IN")) {
      return Operator.valueOf(token.text().toUpperCase(Locale.ROOT));
    }
    if (token.isKeyword("NOT")) {
      Token next = cursor.next();
      if (next.isKeyword("IN")) {
        return Operator.NOT_IN;
      }
      throw CairnException.invalid("Invalid comparator 'NOT %s'", next.raw());
    }
    if (token.isKeyword("IS")) {
      boolean negated = cursor.peek().isKeyword("NOT");
      if (negated) {
        cursor.next();
      }
      Token last = cursor.next();
      if (last.isKeyword("NULL")) {
        return negated ? Operator.IS_NOT_NULL : Operator.IS_NULL;
      }
      throw cursor.unexpected(last);
    }
    throw cursor.unexpected(token);
  }

  /** MLflow rejects {@code ==} and {@code <>} as unknown comparators; so do we. */
  private static Operator comparator(Token token) {
    return switch (token.text()) {
      case "=" -> Operator.EQ;
      case "!=" -> Operator.NE;
      case ">" -> Operator.GT;
      case ">=" -> Operator.GE;
      case "<" -> Operator.LT;
      case "<=" -> Operator.LE;
      default -> throw CairnException.invalid("Invalid comparator '%s'", token.raw());
    };
  }
}
