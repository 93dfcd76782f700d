package dev.cairn.core.search;

/** A comparison operator of MLflow's filter grammar. */
public enum Operator {
  EQ("="),
  NE("!="),
  GT(">"),
  GE(">="),
  LT("<"),
  LE("<="),
  LIKE("LIKE"),
  ILIKE("ILIKE"),
  IN("IN"),
  NOT_IN("NOT IN"),
  IS_NULL("IS NULL"),
  IS_NOT_NULL("IS NOT NULL");

  private final String symbol;

  Operator(String symbol) {
    this.symbol = symbol;
  }

  public String symbol() {
    return symbol;
  }
}
