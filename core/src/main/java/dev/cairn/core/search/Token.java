package dev.cairn.core.search;

/**
 * One lexical token of a filter or order_by string. {@code text} is the decoded content (quotes
 * removed, doubled quotes collapsed) for quoted tokens and the source text otherwise; {@code raw}
 * is always the exact source slice, used in error messages.
 */
record Token(Kind kind, String text, String raw, int start, int end) {

  enum Kind {
    WORD,
    SINGLE_QUOTED,
    DOUBLE_QUOTED,
    BACKTICKED,
    NUMBER,
    COMPARATOR,
    LPAREN,
    RPAREN,
    COMMA,
    DOT,
    OTHER,
    END
  }

  boolean is(Kind other) {
    return kind == other;
  }

  /** Keywords (AND, IN, LIKE, ...) are case-insensitive bare words, as in SQL. */
  boolean isKeyword(String keyword) {
    return kind == Kind.WORD && text.equalsIgnoreCase(keyword);
  }

  boolean isQuoted() {
    return kind == Kind.SINGLE_QUOTED || kind == Kind.DOUBLE_QUOTED || kind == Kind.BACKTICKED;
  }

  /** True when this token starts exactly where {@code previous} ends (no whitespace between). */
  boolean touches(Token previous) {
    return previous.end == start;
  }
}
