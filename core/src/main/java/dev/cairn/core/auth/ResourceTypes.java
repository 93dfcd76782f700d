package dev.cairn.core.auth;

import dev.cairn.core.CairnException;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The resource types a grant may name in MLflow 3.17.2 ({@code permissions.TYPE}), the grain of
 * their patterns, and MLflow's checks of a grant, with its messages.
 *
 * <p>Container types take a wildcard or one resource's id; the workspace slot and the sub-resource
 * tiers (runs, traces, versions...) take only the wildcard, because MLflow cannot honour a per-id
 * child grant in searches.
 */
public final class ResourceTypes {
  public static final String WORKSPACE = "workspace";
  public static final String SCORER = "scorer";

  /** Each type, and whether a grant may name one resource of it (else only {@code "*"}). */
  private static final Map<String, Boolean> ID_GRAIN =
      Map.ofEntries(
          Map.entry(WORKSPACE, false),
          Map.entry("experiment", true),
          Map.entry("registered_model", true),
          Map.entry("prompt", true),
          Map.entry(SCORER, true),
          Map.entry("gateway_secret", true),
          Map.entry("gateway_endpoint", true),
          Map.entry("gateway_model_definition", true),
          Map.entry("mcp_server", true),
          Map.entry("run", false),
          Map.entry("trace", false),
          Map.entry("assessment", false),
          Map.entry("logged_model", false),
          Map.entry("review_queue", false),
          Map.entry("registered_model_version", false),
          Map.entry("prompt_version", false),
          Map.entry("scorer_version", false),
          Map.entry("mcp_server_version", false));

  /**
   * The types whose per-resource permission a user who is not an administrator can manage through
   * the per-user grant API (MLflow resolves the resource's workspace for these only).
   */
  private static final Set<String> DELEGABLE =
      Set.of(
          "experiment",
          "registered_model",
          SCORER,
          "gateway_secret",
          "gateway_endpoint",
          "gateway_model_definition",
          "mcp_server");

  private static final Set<Permission> WORKSPACE_GRANTABLE =
      Set.of(Permission.USE, Permission.MANAGE);

  private ResourceTypes() {}

  /**
   * @throws CairnException INVALID_PARAMETER_VALUE {@code Invalid resource type '<type>'. Valid
   *     resource types are: (...)}
   */
  public static void requireKnown(String type) {
    if (type == null || !ID_GRAIN.containsKey(type)) {
      throw CairnException.invalid(
          "Invalid resource type '%s'. Valid resource types are: %s",
          type, tuple(ID_GRAIN.keySet()));
    }
  }

  /** Checks that the type takes the pattern: any type takes {@code "*"}. */
  public static void requirePattern(String type, String pattern) {
    requireKnown(type);
    if (!Grant.WILDCARD.equals(pattern) && !ID_GRAIN.get(type)) {
      throw CairnException.invalid(
          "Invalid resource_pattern '%s' for resource_type='%s'. This resource type supports only"
              + " wildcard ('*') grants.",
          pattern, type);
    }
  }

  /**
   * The permission named, checked as a grant on the type: USE or MANAGE on the workspace slot,
   * READ, USE, EDIT, MANAGE or DENY on anything else.
   */
  public static Permission grantable(String permissionName, String type) {
    Permission p = Permission.of(permissionName);
    requireKnown(type);
    if (type.equals(WORKSPACE)) {
      if (!WORKSPACE_GRANTABLE.contains(p)) {
        throw CairnException.invalid(
            "Invalid permission '%s' for resource_type='workspace'. Workspace-wide grants accept"
                + " only: %s.",
            permissionName, tuple(names(WORKSPACE_GRANTABLE)));
      }
    } else if (!Permission.RESOURCE_GRANTABLE.contains(p)) {
      throw CairnException.invalid(
          "Invalid permission '%s' for resource_type='%s'. Resource-level grants accept only: %s.",
          permissionName, type, tuple(names(Permission.RESOURCE_GRANTABLE)));
    }
    return p;
  }

  /** The per-user grant API leaves workspace-wide grants to the role API. */
  public static void refuseWorkspace(String type) {
    if (WORKSPACE.equals(type)) {
      throw CairnException.invalid(
          "resource_type 'workspace' is not supported by the per-user permission convenience APIs."
              + " Use set_workspace_permission / delete_workspace_permission for workspace-wide"
              + " grants.");
    }
  }

  /** Whether someone who is not an administrator may manage one resource of the type. */
  static boolean delegable(String type) {
    return DELEGABLE.contains(type);
  }

  private static Set<String> names(Set<Permission> permissions) {
    return permissions.stream().map(Permission::name).collect(Collectors.toSet());
  }

  /** Sorted names as a Python tuple, as MLflow's messages print them: {@code ('a', 'b')}. */
  private static String tuple(Set<String> names) {
    return new TreeSet<>(names)
        .stream().map(n -> "'" + n + "'").collect(Collectors.joining(", ", "(", ")"));
  }
}
