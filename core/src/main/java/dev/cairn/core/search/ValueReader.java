package dev.cairn.core.search;

import dev.cairn.core.CairnException;
import dev.cairn.core.search.Token.Kind;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Reads the right-hand side of a clause and converts it to the type its {@link Field} needs. */
final class ValueReader {
  private ValueReader() {}

  static Object read(TokenCursor cursor, Field field, Operator operator) {
    return switch (operator) {
      case IS_NULL, IS_NOT_NULL -> null;
      case IN, NOT_IN -> list(cursor, field);
      default -> scalar(cursor, cursor.next(), field);
    };
  }

  static String entityName(Entity entity) {
    return entity.name().toLowerCase(Locale.ROOT);
  }

  private static Object scalar(TokenCursor cursor, Token token, Field field) {
    if (token.is(Kind.LPAREN)) {
      throw CairnException.invalid(
          "Only IN and NOT IN compare with a list of values, found a list for %s '%s'",
          entityName(field.entity()), field.key());
    }
    return switch (field.type()) {
      case NUMBER -> Double.parseDouble(number(cursor, token, field));
      case INTEGER -> integer(number(cursor, token, field), field);
      case STRING -> string(cursor, token, field);
      case INTEGER_STRING -> integerString(string(cursor, token, field), field);
    };
  }

  private static String number(TokenCursor cursor, Token token, Field field) {
    if (token.is(Kind.NUMBER)) {
      return token.text();
    }
    if (token.is(Kind.END)) {
      throw cursor.unexpected(token);
    }
    throw CairnException.invalid(
        "Expected numeric value type for %s '%s'. Found %s",
        entityName(field.entity()), field.key(), token.raw());
  }

  /**
   * MLflow's run search also takes a float for a timestamp ({@code start_time > 1.5}) and compares
   * the integer column with it; we keep timestamps integral and accept a float literal only when
   * its value is a whole number ({@code 1.7e12}), as MLflow's experiment search does for ints.
   */
  private static Long integer(String literal, Field field) {
    try {
      return new BigDecimal(literal).longValueExact();
    } catch (ArithmeticException | NumberFormatException e) {
      throw CairnException.invalid(
          "Invalid value for numeric attribute '%s': '%s'. Expected an integer.",
          field.key(), literal);
    }
  }

  private static String string(TokenCursor cursor, Token token, Field field) {
    return switch (token.kind()) {
      case SINGLE_QUOTED, DOUBLE_QUOTED -> token.text();
      case WORD, BACKTICKED ->
          throw CairnException.invalid(
              "Parameter value is either not quoted or unidentified quote types used for string"
                  + " value %s. Use either single or double quotes.",
              token.raw());
      case NUMBER ->
          throw CairnException.invalid(
              "Expected a quoted string value for %s '%s' (e.g. 'my-value'). Got value %s",
              entityName(field.entity()), field.key(), token.raw());
      default -> throw cursor.unexpected(token);
    };
  }

  private static String integerString(String value, Field field) {
    try {
      Long.parseLong(value);
      return value;
    } catch (NumberFormatException e) {
      throw CairnException.invalid(
          "Invalid %s '%s'. It must be a valid integer.", field.key(), value);
    }
  }

  private static List<String> list(TokenCursor cursor, Field field) {
    Token open = cursor.next();
    if (!open.is(Kind.LPAREN)) {
      throw cursor.unexpected(open);
    }
    List<String> values = new ArrayList<>();
    while (!cursor.peek().is(Kind.RPAREN)) {
      values.add(listItem(cursor, cursor.next(), field));
      Token separator = cursor.peek();
      if (separator.is(Kind.COMMA)) {
        cursor.next(); // a trailing comma is fine: MLflow evaluates the list as a Python tuple
      } else if (!separator.is(Kind.RPAREN)) {
        throw cursor.unexpected(separator);
      }
    }
    cursor.next();
    if (values.isEmpty()) {
      throw CairnException.invalid(
          "While parsing a list in the query, expected a non-empty list of string values, but got"
              + " empty list");
    }
    return List.copyOf(values);
  }

  private static String listItem(TokenCursor cursor, Token token, Field field) {
    if (token.is(Kind.SINGLE_QUOTED) || token.is(Kind.DOUBLE_QUOTED)) {
      String value = token.text();
      return field.type() == Field.ValueType.INTEGER_STRING ? integerString(value, field) : value;
    }
    if (token.is(Kind.END)) {
      throw cursor.unexpected(token);
    }
    throw CairnException.invalid(
        "While parsing a list in the query, expected a quoted string value, but got %s",
        token.raw());
  }
}
