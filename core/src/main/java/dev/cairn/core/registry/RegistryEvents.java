package dev.cairn.core.registry;

import dev.cairn.api.model.Tag;
import dev.cairn.api.registry.ModelVersion;
import dev.cairn.api.registry.RegisteredModel;

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
}
