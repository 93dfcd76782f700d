package dev.cairn.core.tracking;

import dev.cairn.api.model.Tag;
import java.util.List;

/**
 * A run to create: id and name already chosen, tags complete (including {@code mlflow.runName}).
 */
public record NewRun(
    String runId,
    String experimentId,
    String userId,
    String name,
    long startTime,
    List<Tag> tags) {}
