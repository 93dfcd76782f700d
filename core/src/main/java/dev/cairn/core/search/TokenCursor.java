package dev.cairn.core.search;

import dev.cairn.core.CairnException;
import dev.cairn.core.search.Token.Kind;
import java.util.List;

/** Reads a token list front to back; shared by the filter and order_by parsers. */
final class TokenCursor {
  private final List<Token> tokens;
  private final String source;
  private int index;

  TokenCursor(String source) {
    this.source = source;
    this.tokens = SearchLexer.tokenize(source);
  }

  Token peek() {
    return tokens.get(index);
  }

  Token peekAfter() {
    return tokens.get(Math.min(index + 1, tokens.size() - 1));
  }

  Token next() {
    Token token = tokens.get(index);
    if (!token.is(Kind.END)) {
      index++;
    }
    return token;
  }

  boolean atEnd() {
    return peek().is(Kind.END);
  }

  /** The source text from the current token on, for error messages. */
  String rest() {
    return source.substring(peek().start());
  }

  /**
   * {@code [entity.]key}: the entity is a bare or backticked word; the key is one quoted token or
   * bare words joined by dots ({@code metrics.a.b} has key {@code a.b}). No whitespace inside.
   */
  Identifier identifier() {
    Token first = next();
    if (!first.is(Kind.WORD) && !first.isQuoted()) {
      throw unexpected(first);
    }
    if (!peek().is(Kind.DOT)) {
      return new Identifier(null, first.text(), first.raw());
    }
    next();
    Token keyStart = next();
    String key = keyStart.isQuoted() ? keyStart.text() : dottedWords(keyStart);
    String raw = source.substring(first.start(), tokens.get(index - 1).end());
    return new Identifier(first.raw(), key, raw);
  }

  private String dottedWords(Token start) {
    if (!start.is(Kind.WORD)) {
      throw unexpected(start);
    }
    StringBuilder key = new StringBuilder(start.text());
    while (peek().is(Kind.DOT)) {
      next();
      Token part = next();
      if (!part.is(Kind.WORD)) {
        throw unexpected(part);
      }
      key.append('.').append(part.text());
    }
    return key.toString();
  }

  CairnException unexpected(Token token) {
    if (token.is(Kind.END)) {
      return CairnException.invalid(
          "Invalid clause(s) in filter string: '%s' ends unexpectedly", source);
    }
    return CairnException.invalid(
        "Invalid clause(s) in filter string: '%s' at position %d",
        source.substring(token.start()), token.start());
  }
}
