package dev.cairn.api.registry;

import dev.cairn.api.model.Tag;
import java.util.List;

/**
 * One version of a registered model. {@code version} is a decimal string; {@code status} is always
 * {@code READY} here (MLflow's clients poll while it is {@code PENDING_REGISTRATION}); the OSS
 * server does not return {@code model_id}.
 */
public record ModelVersion(
    String name,
    String version,
    Long creationTimestamp,
    Long lastUpdatedTimestamp,
    String userId,
    String currentStage,
    String description,
    String source,
    String runId,
    String status,
    String statusMessage,
    List<Tag> tags,
    String runLink,
    List<String> aliases) {}
