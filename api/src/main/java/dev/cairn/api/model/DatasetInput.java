package dev.cairn.api.model;

import java.util.List;

/** A dataset used by a run, with the input's tags (e.g. {@code mlflow.data.context}). */
public record DatasetInput(List<Tag> tags, Dataset dataset) {}
