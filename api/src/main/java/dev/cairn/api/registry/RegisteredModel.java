package dev.cairn.api.registry;

import dev.cairn.api.model.Tag;
import java.util.List;

/**
 * A registered model as MLflow's server writes it: {@code latest_versions} holds the newest version
 * of each stage, {@code aliases} every alias of any version.
 */
public record RegisteredModel(
    String name,
    Long creationTimestamp,
    Long lastUpdatedTimestamp,
    String userId,
    String description,
    List<ModelVersion> latestVersions,
    List<Tag> tags,
    List<Alias> aliases) {

  /** An alias and the version it names. */
  public record Alias(String alias, String version) {}
}
