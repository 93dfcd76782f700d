package dev.cairn.core.search;

import static dev.cairn.core.CairnException.invalid;

import dev.cairn.core.search.Token.Kind;
import java.util.ArrayList;
import java.util.List;

/** A position in a token list, with the identifier rule shared by filters and order_by. */
final class Cursor {
  private final String input;
  private final List<Token> tokens;
  private int index;

  Cursor(String input) {
    this.input = input;
    this.tokens = Lexer.tokenize(input);
  }

  Token peek() {
    return tokens.get(index);
  }

  Token next() {
    Token t = tokens.get(index);
    if (t.kind() != Kind.END) {
      index++;
    }
    return t;
  }

  boolean acceptWord(String keyword) {
    if (peek().isWord(keyword)) {
      index++;
      return true;
    }
    return false;
  }

  boolean atEnd() {
    return peek().kind() == Kind.END;
  }

  String input() {
    return input;
  }

  /**
   * Reads {@code part(.part)*}, each part a word, a backticked or a double-quoted name. The first
   * part is the entity when there are several; the rest, joined by dots, is the key ({@code
   * tags.mlflow.runName}).
   */
  Identifier identifier() {
    List<String> parts = new ArrayList<>();
    boolean lastQuoted;
    do {
      Token t = next();
      lastQuoted = t.kind() == Kind.BACKTICKED || t.kind() == Kind.DOUBLE_QUOTED;
      if (t.kind() != Kind.WORD && !lastQuoted) {
        throw invalid(
            "Invalid identifier '%s' in '%s' at position %d", t.text(), input, t.position());
      }
      parts.add(t.text());
    } while (peek().kind() == Kind.DOT && next() != null);
    if (parts.size() == 1) {
      return new Identifier(null, parts.get(0));
    }
    return new Identifier(parts.get(0), String.join(".", parts.subList(1, parts.size())));
  }

  /** An identifier as written: {@code prefix} null when it had no entity part. */
  record Identifier(String prefix, String key) {}
}
