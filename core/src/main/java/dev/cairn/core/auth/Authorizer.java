package dev.cairn.core.auth;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Decides what a signed-in user may do, as MLflow's basic-auth app does with workspaces off:
 * administrators may do everything; anyone else is judged by the grants of their roles in the
 * default workspace, the configured default permission filling in where no grant speaks.
 */
public final class Authorizer {
  private final AuthStore store;
  private final Permission defaultPermission;

  public Authorizer(AuthStore store, Permission defaultPermission) {
    this.store = store;
    this.defaultPermission = defaultPermission;
  }

  public Permission defaultPermission() {
    return defaultPermission;
  }

  /** Whether the user meets every requirement (one grants query). */
  public boolean authorize(AuthUser user, List<Requirement> requirements) {
    if (user.admin()) {
      return true;
    }
    Gate gate = gate(user, requirements);
    return requirements.stream().allMatch(gate::allows);
  }

  /**
   * The permission the user holds on one resource, as a request on it would be judged: MANAGE for
   * an administrator, else the resource's grants over the default.
   */
  public Permission permission(AuthUser user, String type, String id) {
    if (user.admin()) {
      return Permission.MANAGE;
    }
    return gate(user, List.of(Requirement.on(type, id, Action.READ)))
        .governing(type, id, List.of());
  }

  /**
   * The grants of the user loaded once, to judge many requirements: the rows of a listing, each
   * with its own id.
   */
  public Gate gate(AuthUser user, List<Requirement> templates) {
    if (user.admin()) {
      return new Gate(List.of(), true);
    }
    Set<String> types = new HashSet<>();
    for (Requirement r : templates) {
      r.keys().forEach(k -> types.add(k.type()));
    }
    return new Gate(store.grantsOf(user.id(), AuthStore.DEFAULT_WORKSPACE, types), false);
  }

  /** One user's grants, folded on demand. */
  public final class Gate {
    private final List<Grant> grants;
    private final boolean admin;
    private final Map<Requirement.Key, Optional<Permission>> folded = new HashMap<>();

    private Gate(List<Grant> grants, boolean admin) {
      this.grants = new ArrayList<>(grants);
      this.admin = admin;
    }

    /** Whether the requirement is met: the first of its keys holding a grant decides. */
    public boolean allows(Requirement r) {
      return admin || r.action().metBy(governing(r.type(), r.id(), r.fallback()));
    }

    private Permission governing(String type, String id, List<Requirement.Key> fallback) {
      List<Requirement.Key> keys = new ArrayList<>();
      keys.add(new Requirement.Key(type, id));
      keys.addAll(fallback);
      for (Requirement.Key key : keys) {
        Optional<Permission> p =
            folded.computeIfAbsent(
                key, k -> Optional.ofNullable(Grant.fold(grants, k.type(), k.id())));
        if (p.isPresent()) {
          return Permission.withDefault(p.get(), defaultPermission);
        }
      }
      return defaultPermission;
    }
  }
}
