package dev.cairn.core.registry;

import dev.cairn.api.model.Tag;
import java.util.List;

/** A validated model version to create. */
public record NewModelVersion(
    String name,
    String source,
    String storageLocation,
    String runId,
    String runLink,
    String description,
    List<Tag> tags,
    long now) {}
