package dev.cairn.core.auth;

import dev.cairn.core.CairnException;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * MLflow's auth permissions, as stored by name in its auth database ({@code
 * role_permissions.permission}) and sent in its auth API. Each grants a set of capabilities; the
 * priority orders them when several grants apply (the highest wins, except that {@link #DENY}
 * vetoes and can never win a fold).
 */
public enum Permission {
  READ(1, true, false, false, false, false),
  USE(2, true, true, false, false, false),
  EDIT(3, true, true, true, false, false),
  MANAGE(4, true, true, true, true, true),
  NO_PERMISSIONS(0, false, false, false, false, false),
  /** An explicit veto, distinct from merely lacking a capability. */
  DENY(-1, false, false, false, false, false);

  /** What a grant on one resource (an experiment, a registered model) may be. */
  public static final Set<Permission> RESOURCE_GRANTABLE = Set.of(READ, USE, EDIT, MANAGE, DENY);

  private final int priority;
  private final boolean canRead;
  private final boolean canUse;
  private final boolean canUpdate;
  private final boolean canDelete;
  private final boolean canManage;

  Permission(
      int priority,
      boolean canRead,
      boolean canUse,
      boolean canUpdate,
      boolean canDelete,
      boolean canManage) {
    this.priority = priority;
    this.canRead = canRead;
    this.canUse = canUse;
    this.canUpdate = canUpdate;
    this.canDelete = canDelete;
    this.canManage = canManage;
  }

  public boolean canRead() {
    return canRead;
  }

  public boolean canUse() {
    return canUse;
  }

  public boolean canUpdate() {
    return canUpdate;
  }

  public boolean canDelete() {
    return canDelete;
  }

  public boolean canManage() {
    return canManage;
  }

  /**
   * The permission named {@code name}, as MLflow validates it.
   *
   * @throws CairnException INVALID_PARAMETER_VALUE naming the valid ones
   */
  public static Permission of(String name) {
    for (Permission p : values()) {
      if (p.name().equals(name)) {
        return p;
      }
    }
    throw CairnException.invalid(
        "Invalid permission '%s'. Valid permissions are: %s", name, pythonTuple());
  }

  /**
   * The stronger of two grants that both apply; a {@link #DENY} among them wins, as MLflow's fold
   * short-circuits on it.
   */
  public static Permission strongest(Permission a, Permission b) {
    if (a == DENY || b == DENY) {
      return DENY;
    }
    return a.priority >= b.priority ? a : b;
  }

  /**
   * A resource's permission from its grant, with the configured default as the floor of a positive
   * grant (MLflow's {@code floor_positive_permission}); no grant at all means the default. DENY and
   * NO_PERMISSIONS stay as they are.
   */
  public static Permission withDefault(Permission granted, Permission defaultPermission) {
    if (granted == null) {
      return defaultPermission;
    }
    if (granted == DENY || granted == NO_PERMISSIONS) {
      return granted;
    }
    return granted.priority >= defaultPermission.priority ? granted : defaultPermission;
  }

  /** MLflow's message lists the names as a Python tuple: {@code ('READ', 'USE', ...)}. */
  private static String pythonTuple() {
    return Arrays.stream(values())
        .map(p -> "'" + p.name() + "'")
        .collect(Collectors.joining(", ", "(", ")"));
  }
}
