package dev.cairn.core.search;

import dev.cairn.core.CairnException;
import dev.cairn.core.search.Token.Kind;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits a filter or order_by string into tokens with SQL quoting rules: {@code 'string'} with
 * {@code ''} as escaped quote, {@code "name"} with {@code ""}, {@code `name`} with {@code ``}.
 * Backslash is an ordinary character. Never throws anything but {@link CairnException}.
 */
final class SearchLexer {
  private final String input;
  private final List<Token> tokens = new ArrayList<>();
  private int pos;

  private SearchLexer(String input) {
    this.input = input;
  }

  /** The tokens of {@code input}, always ending with one {@link Kind#END} token. */
  static List<Token> tokenize(String input) {
    SearchLexer lexer = new SearchLexer(input);
    lexer.run();
    return lexer.tokens;
  }

  private void run() {
    while (true) {
      while (pos < input.length() && Character.isWhitespace(input.charAt(pos))) {
        pos++;
      }
      if (pos >= input.length()) {
        tokens.add(new Token(Kind.END, "", "", pos, pos));
        return;
      }
      tokens.add(next());
    }
  }

  private Token next() {
    char c = input.charAt(pos);
    return switch (c) {
      case '\'' -> quoted(Kind.SINGLE_QUOTED, c);
      case '"' -> quoted(Kind.DOUBLE_QUOTED, c);
      case '`' -> quoted(Kind.BACKTICKED, c);
      case '(' -> single(Kind.LPAREN);
      case ')' -> single(Kind.RPAREN);
      case ',' -> single(Kind.COMMA);
      case '=', '!', '<', '>' -> comparator();
      default -> unquoted(c);
    };
  }

  private Token unquoted(char c) {
    if (c == '.' && followsNamePart()) {
      return single(Kind.DOT);
    }
    if (afterDot() && isWordChar(input.codePointAt(pos))) {
      // A key part after a dot may start with a digit: metrics.1st_loss
      return word();
    }
    if (startsNumber()) {
      return number();
    }
    if (Character.isLetter(input.codePointAt(pos)) || c == '_') {
      return word();
    }
    int start = pos;
    pos += Character.charCount(input.codePointAt(pos));
    return token(Kind.OTHER, start);
  }

  /** A dot directly after a name or quoted name separates an entity or key part. */
  private boolean followsNamePart() {
    if (tokens.isEmpty()) {
      return false;
    }
    Token last = tokens.getLast();
    return last.end() == pos && (last.is(Kind.WORD) || last.isQuoted());
  }

  private boolean afterDot() {
    return !tokens.isEmpty() && tokens.getLast().is(Kind.DOT) && tokens.getLast().end() == pos;
  }

  private boolean startsNumber() {
    int i = pos;
    if (charAt(i) == '-') {
      i++;
    }
    return isDigit(charAt(i)) || (charAt(i) == '.' && isDigit(charAt(i + 1)));
  }

  private Token number() {
    int start = pos;
    if (charAt(pos) == '-') {
      pos++;
    }
    skipDigits();
    if (charAt(pos) == '.') {
      pos++;
      skipDigits();
    }
    int mark = pos;
    if (charAt(pos) == 'e' || charAt(pos) == 'E') {
      pos++;
      if (charAt(pos) == '+' || charAt(pos) == '-') {
        pos++;
      }
      if (isDigit(charAt(pos))) {
        skipDigits();
      } else {
        pos = mark; // "1e" alone is a number followed by a word, which the parser rejects
      }
    }
    return token(Kind.NUMBER, start);
  }

  private Token word() {
    int start = pos;
    while (pos < input.length() && isWordChar(input.codePointAt(pos))) {
      pos += Character.charCount(input.codePointAt(pos));
    }
    return token(Kind.WORD, start);
  }

  private Token comparator() {
    int start = pos;
    while ("=!<>".indexOf(charAt(pos)) >= 0) {
      pos++;
    }
    return token(Kind.COMPARATOR, start);
  }

  private Token quoted(Kind kind, char quote) {
    int start = pos++;
    StringBuilder text = new StringBuilder();
    while (pos < input.length()) {
      char c = input.charAt(pos++);
      if (c != quote) {
        text.append(c);
      } else if (charAt(pos) == quote) {
        text.append(quote); // doubled quote is an escaped quote, as in SQL
        pos++;
      } else {
        return new Token(kind, text.toString(), input.substring(start, pos), start, pos);
      }
    }
    throw CairnException.invalid(
        "Unterminated quoted string starting at position %d: %s", start, input.substring(start));
  }

  private Token single(Kind kind) {
    int start = pos++;
    return token(kind, start);
  }

  private Token token(Kind kind, int start) {
    String raw = input.substring(start, pos);
    return new Token(kind, raw, raw, start, pos);
  }

  private void skipDigits() {
    while (isDigit(charAt(pos))) {
      pos++;
    }
  }

  private char charAt(int i) {
    return i < input.length() ? input.charAt(i) : '\0';
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private static boolean isWordChar(int codePoint) {
    return Character.isLetterOrDigit(codePoint) || codePoint == '_';
  }
}
