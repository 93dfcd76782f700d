package dev.cairn.core.search;

import static dev.cairn.core.CairnException.invalid;

import dev.cairn.core.search.Token.Kind;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits a filter or order_by string into tokens with SQL quoting rules ('' and "" escape their
 * quote).
 */
final class Lexer {
  private final String input;
  private int pos;

  private Lexer(String input) {
    this.input = input;
  }

  static List<Token> tokenize(String input) {
    Lexer lexer = new Lexer(input);
    List<Token> tokens = new ArrayList<>();
    Token t;
    do {
      t = lexer.next();
      tokens.add(t);
    } while (t.kind() != Kind.END);
    return tokens;
  }

  private Token next() {
    while (pos < input.length() && Character.isWhitespace(input.charAt(pos))) {
      pos++;
    }
    int start = pos;
    if (pos >= input.length()) {
      return new Token(Kind.END, "", start);
    }
    char c = input.charAt(pos);
    return switch (c) {
      case '\'' -> new Token(Kind.STRING, quoted('\''), start);
      case '"' -> new Token(Kind.DOUBLE_QUOTED, quoted('"'), start);
      case '`' -> new Token(Kind.BACKTICKED, quoted('`'), start);
      case '.' -> startsNumber() ? number(start) : single(Kind.DOT, start);
      case ',' -> single(Kind.COMMA, start);
      case '(' -> single(Kind.LEFT_PAREN, start);
      case ')' -> single(Kind.RIGHT_PAREN, start);
      case '=', '!', '<', '>' -> operator(start);
      default -> wordOrNumber(c, start);
    };
  }

  private Token single(Kind kind, int start) {
    pos++;
    return new Token(kind, input.substring(start, pos), start);
  }

  private String quoted(char quote) {
    StringBuilder b = new StringBuilder();
    pos++;
    while (pos < input.length()) {
      char c = input.charAt(pos++);
      if (c != quote) {
        b.append(c);
      } else if (pos < input.length() && input.charAt(pos) == quote) {
        b.append(quote);
        pos++;
      } else {
        return b.toString();
      }
    }
    throw invalid("Invalid filter string '%s': unterminated quote %s", input, quote);
  }

  private Token operator(int start) {
    String two = input.substring(pos, Math.min(input.length(), pos + 2));
    String op =
        switch (two) {
          case "!=", "<=", ">=", "<>", "==" -> two;
          default -> input.substring(pos, pos + 1);
        };
    if (op.equals("!")) {
      throw invalid("Invalid filter string '%s': unexpected '!' at position %d", input, start);
    }
    pos += op.length();
    return new Token(Kind.OPERATOR, op.equals("<>") ? "!=" : op.equals("==") ? "=" : op, start);
  }

  private boolean startsNumber() {
    return pos + 1 < input.length()
        && Character.isDigit(input.charAt(pos + 1))
        && (pos == 0 || !isWordChar(input.charAt(pos - 1)));
  }

  private Token wordOrNumber(char c, int start) {
    if (Character.isDigit(c)
        || ((c == '-' || c == '+')
            && pos + 1 < input.length()
            && (Character.isDigit(input.charAt(pos + 1)) || input.charAt(pos + 1) == '.'))) {
      return number(start);
    }
    if (!isWordChar(c)) {
      throw invalid(
          "Invalid filter string '%s': unexpected character '%s' at position %d", input, c, start);
    }
    while (pos < input.length() && isWordChar(input.charAt(pos))) {
      pos++;
    }
    return new Token(Kind.WORD, input.substring(start, pos), start);
  }

  private Token number(int start) {
    pos++;
    while (pos < input.length()) {
      char c = input.charAt(pos);
      boolean exponentSign = (c == '-' || c == '+') && "eE".indexOf(input.charAt(pos - 1)) >= 0;
      if (!Character.isLetterOrDigit(c) && c != '.' && !exponentSign) {
        break;
      }
      pos++;
    }
    return new Token(Kind.NUMBER, input.substring(start, pos), start);
  }

  private static boolean isWordChar(char c) {
    return Character.isLetterOrDigit(c) || c == '_';
  }
}
