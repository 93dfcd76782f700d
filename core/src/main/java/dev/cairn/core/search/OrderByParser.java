package dev.cairn.core.search;

import static dev.cairn.core.CairnException.invalid;

import dev.cairn.core.search.Token.Kind;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** MLflow's order_by items: {@code <identifier> [ASC|DESC]}, each field at most once. */
public final class OrderByParser {
  private OrderByParser() {}

  public static List<OrderBy> parse(SearchScope scope, List<String> orderBy) {
    if (orderBy == null || orderBy.isEmpty()) {
      return List.of();
    }
    List<OrderBy> out = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (String item : orderBy) {
      OrderBy o = item(scope, item);
      // MLflow fails a repeated field with a 500; it is the caller's mistake, so a 400 here.
      if (!seen.add(o.entity() + "\u0000" + o.key())) {
        throw invalid("`order_by` contains duplicate fields: %s", orderBy);
      }
      out.add(o);
    }
    return List.copyOf(out);
  }

  private static OrderBy item(SearchScope scope, String item) {
    if (item == null || item.isBlank()) {
      throw invalid("Invalid order_by clause '%s'.", item);
    }
    Cursor cursor = new Cursor(item);
    Cursor.Identifier id = cursor.identifier();
    Entity entity = SearchKeys.entity(scope, id);
    if (entity == Entity.DATASET) {
      throw invalid("Invalid order_by clause '%s': datasets cannot be ordered by.", item);
    }
    String key = id.key();
    if (entity == Entity.ATTRIBUTE) {
      key = SearchKeys.attribute(scope, key);
      SearchKeys.checkOrderAttribute(scope, key);
    }
    boolean ascending = true;
    if (cursor.acceptWord("DESC")) {
      ascending = false;
    } else {
      cursor.acceptWord("ASC");
    }
    if (cursor.peek().kind() != Kind.END) {
      throw invalid("Invalid order_by clause '%s'. Could not be parsed.", item);
    }
    return new OrderBy(entity, key, ascending);
  }
}
