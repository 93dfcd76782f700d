package dev.cairn.core.models;

import dev.cairn.api.model.Param;
import dev.cairn.api.model.Tag;
import java.util.List;

/** A validated logged model to create; {@code modelId} is {@code m-<32 hex>}. */
public record NewLoggedModel(
    String modelId,
    String experimentId,
    String name,
    String modelType,
    String sourceRunId,
    List<Param> params,
    List<Tag> tags,
    long now) {}
