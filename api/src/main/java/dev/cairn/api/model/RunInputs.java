package dev.cairn.api.model;

import java.util.List;

/** Datasets and logged models a run consumed. */
public record RunInputs(List<DatasetInput> datasetInputs, List<ModelInput> modelInputs) {
  public static final RunInputs EMPTY = new RunInputs(List.of(), List.of());
}
