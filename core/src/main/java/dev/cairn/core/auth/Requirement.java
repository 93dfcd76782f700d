package dev.cairn.core.auth;

import java.util.List;
import java.util.Objects;

/**
 * One thing an operation needs: an action on a resource ({@code type}, {@code id}; {@code "*"} for
 * a whole tier such as every run). When the user holds no grant on the requirement's own key, the
 * fallback keys decide in order (MLflow's tier override: the first key holding any grant decides,
 * so a DENY on a tier is never rescued by its experiment); with no grant anywhere the default
 * permission decides.
 *
 * <p>A run is judged as {@code (run, *)} falling back to its experiment: an experiment's grant
 * governs its runs unless a run-tier grant speaks.
 */
public record Requirement(String type, String id, Action action, List<Key> fallback) {
  /** A resource key a grant can name. */
  public record Key(String type, String id) {
    public Key {
      Objects.requireNonNull(type, "type");
      Objects.requireNonNull(id, "id");
    }
  }

  public Requirement {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(action, "action");
    fallback = List.copyOf(fallback);
  }

  /** An action on one resource, decided by its own grants or the default. */
  public static Requirement on(String type, String id, Action action) {
    return new Requirement(type, id, action, List.of());
  }

  /** An action on every resource of a tier, falling back to a parent resource. */
  public static Requirement tier(String type, Action action, String parentType, String parentId) {
    return new Requirement(type, Grant.WILDCARD, action, List.of(new Key(parentType, parentId)));
  }

  /** The keys that may decide, own key first. */
  public List<Key> keys() {
    return java.util.stream.Stream.concat(
            java.util.stream.Stream.of(new Key(type, id)), fallback.stream())
        .toList();
  }

  /** A copy naming another resource of the same type (a row of a listing). */
  public Requirement withId(String otherId) {
    return new Requirement(type, otherId, action, fallback);
  }
}
