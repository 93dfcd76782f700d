package dev.cairn.api.model;

/** A logged model used as a run input. */
public record ModelInput(String modelId) {}
