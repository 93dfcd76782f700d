package dev.cairn.core.search;

import dev.cairn.api.ErrorCode;
import dev.cairn.core.CairnException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Parses order_by items of the form {@code <identifier> [ASC|DESC]} (default ascending, keywords
 * case-insensitive), e.g. {@code metrics.`val loss` DESC}. Implicit tie-breakers are the store's
 * business and are not added here.
 */
public final class OrderByParser {
  private OrderByParser() {}

  /**
   * The validated order_by items, in request order; empty for a null list.
   *
   * @throws CairnException INVALID_PARAMETER_VALUE for a malformed item, an unknown field, or (for
   *     runs) the same field twice
   */
  public static List<OrderBy> parse(SearchScope scope, List<String> orderBy) {
    if (orderBy == null) {
      return List.of();
    }
    ScopeRules rules = scope.rules();
    List<OrderBy> items = new ArrayList<>();
    Set<OrderBy> seen = new HashSet<>();
    for (String clause : orderBy) {
      OrderBy item = item(rules, clause);
      // ascending is normalised so "x ASC" and "x DESC" count as the same field
      if (rules.rejectsDuplicateOrderBy()
          && !seen.add(new OrderBy(item.entity(), item.key(), true))) {
        throw CairnException.invalid("`order_by` contains duplicate fields: %s", orderBy);
      }
      items.add(item);
    }
    return List.copyOf(items);
  }

  private static OrderBy item(ScopeRules rules, String clause) {
    if (clause == null || clause.isBlank()) {
      throw unparsable(clause, null);
    }
    TokenCursor cursor;
    Identifier identifier;
    try {
      cursor = new TokenCursor(clause);
      identifier = cursor.identifier();
    } catch (CairnException e) {
      throw unparsable(clause, e);
    }
    boolean ascending = direction(cursor, clause);
    Field field = rules.orderField(identifier);
    return new OrderBy(field.entity(), field.key(), ascending);
  }

  private static boolean direction(TokenCursor cursor, String clause) {
    if (cursor.atEnd()) {
      return true;
    }
    Token word = cursor.next();
    if (!cursor.atEnd()) {
      throw unparsable(clause, null);
    }
    if (word.isKeyword("ASC") || word.isKeyword("DESC")) {
      return word.isKeyword("ASC");
    }
    throw CairnException.invalid("Invalid ordering key in order_by clause '%s'.", clause);
  }

  private static CairnException unparsable(String clause, Throwable cause) {
    return new CairnException(
        ErrorCode.INVALID_PARAMETER_VALUE,
        String.format("Invalid order_by clause '%s'. Could not be parsed.", clause),
        cause);
  }
}
