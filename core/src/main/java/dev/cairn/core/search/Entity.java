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
  DATASET,
  /** A trace's request metadata ({@code metadata.x}). */
  METADATA,
  /** A trace's feedback assessment by name ({@code feedback.x}). */
  FEEDBACK,
  /** A trace's expectation assessment by name ({@code expectation.x}). */
  EXPECTATION,
  /** A span field of a trace ({@code span.name}, {@code span.type}, {@code span.status}). */
  SPAN
}
