package dev.cairn.api.model;

/**
 * A run with its data, inputs and outputs; {@code inputs} and {@code outputs} render as {@code {}}
 * when empty.
 */
public record Run(RunInfo info, RunData data, RunInputs inputs, RunOutputs outputs) {}
