package dev.cairn.api.model;

/** A logged model produced by a run at a step. */
public record ModelOutput(String modelId, Long step) {}
