package dev.cairn.core.search;

/**
 * The left-hand side of a clause or an order_by item before scope rules apply. {@code entity} is
 * the source text of the prefix before the first dot (backticks kept, so each scope decides whether
 * it accepts them), or null when there is no prefix; {@code key} is unquoted.
 */
record Identifier(String entity, String key, String raw) {}
