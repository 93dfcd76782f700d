package dev.cairn.core.registry;

import dev.cairn.api.model.Tag;
import dev.cairn.api.registry.ModelVersion;
import dev.cairn.api.registry.RegisteredModel;
import java.util.Map;

/**
 * What happened in the registry, for webhooks. Implementations must not block or throw: the API
 * call that caused the event has already succeeded.
 */
public interface RegistryEvents {
  RegistryEvents NONE = new RegistryEvents() {};

  default void registeredModelCreated(RegisteredModel model) {}

  default void modelVersionCreated(ModelVersion version) {}

  default void modelVersionTagSet(String name, String version, Tag tag) {}

  default void modelVersionTagDeleted(String name, String version, String key) {}

  default void aliasCreated(String name, String alias, String version) {}

  default void aliasDeleted(String name, String alias) {}

  // Prompts (registered models marked as prompts): MLflow sends PROMPT_* events instead.

  default void promptCreated(String name, Map<String, String> tags, String description) {}

  default void promptTagSet(String name, Tag tag) {}

  default void promptTagDeleted(String name, String key) {}

  default void promptVersionCreated(
      String name, String version, String template, Map<String, String> tags, String description) {}

  default void promptVersionTagSet(String name, String version, Tag tag) {}

  default void promptVersionTagDeleted(String name, String version, String key) {}

  default void promptAliasCreated(String name, String alias, String version) {}

  default void promptAliasDeleted(String name, String alias) {}
}
