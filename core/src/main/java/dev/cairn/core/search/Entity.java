package dev.cairn.core.search;

/**
 * What a search identifier refers to: {@code metrics.x}, {@code params.x}, {@code tags.x}, an
 * attribute, a dataset field.
 */
public enum Entity {
  METRIC,
  PARAM,
  TAG,
  ATTRIBUTE,
  DATASET
}
