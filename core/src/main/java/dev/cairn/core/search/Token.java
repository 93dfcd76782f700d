package dev.cairn.core.search;

/** A lexical token of a filter or order_by string. */
record Token(Kind kind, String text, int position) {
  enum Kind {
    /** An unquoted word: identifier part or keyword. */
    WORD,
    /** A backtick-quoted identifier part. */
    BACKTICKED,
    /** A double-quoted string: an identifier part or, after an operator, a value. */
    DOUBLE_QUOTED,
    /** A single-quoted string value. */
    STRING,
    NUMBER,
    OPERATOR,
    DOT,
    COMMA,
    LEFT_PAREN,
    RIGHT_PAREN,
    END
  }

  boolean isWord(String keyword) {
    return kind == Kind.WORD && text.equalsIgnoreCase(keyword);
  }
}
