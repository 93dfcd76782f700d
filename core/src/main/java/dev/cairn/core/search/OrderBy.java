package dev.cairn.core.search;

/** One order_by item, validated; {@code key} canonical as in {@link Comparison}. */
public record OrderBy(Entity entity, String key, boolean ascending) {}
