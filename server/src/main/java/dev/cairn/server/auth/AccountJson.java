package dev.cairn.server.auth;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.core.auth.AuditEntry;
import dev.cairn.core.auth.AuditPage;
import dev.cairn.core.auth.AuthUser;
import dev.cairn.core.auth.PermissionCheck;
import dev.cairn.core.auth.Role;
import dev.cairn.core.auth.RoleAssignment;
import dev.cairn.core.auth.RoleGrant;
import dev.cairn.core.auth.UserPermissions;
import dev.cairn.core.auth.UserRoles;
import java.util.List;
import java.util.function.Function;

/**
 * The JSON shapes of MLflow's auth entities ({@code entities.py}'s {@code to_json}) and answers.
 * Keys come sorted, as Flask's {@code jsonify} writes them; a user never carries their password
 * hash.
 */
final class AccountJson {
  private static final JsonNodeFactory F = JsonNodeFactory.instance;

  private AccountJson() {}

  static ObjectNode empty() {
    return F.objectNode();
  }

  /** {@code {"<key>": value}}. */
  static ObjectNode wrap(String key, com.fasterxml.jackson.databind.JsonNode value) {
    ObjectNode o = F.objectNode();
    o.set(key, value);
    return o;
  }

  static <T> ArrayNode array(List<T> items, Function<T, ObjectNode> each) {
    ArrayNode a = F.arrayNode();
    items.forEach(i -> a.add(each.apply(i)));
    return a;
  }

  static ObjectNode user(AuthUser u) {
    ObjectNode o = F.objectNode();
    o.put("id", u.id());
    o.put("is_admin", u.admin());
    o.put("username", u.username());
    return o;
  }

  /** A row of {@code users/list}: the user with the roles the caller may see. */
  static ObjectNode userWithRoles(UserRoles u) {
    ObjectNode o = F.objectNode();
    o.put("id", u.user().id());
    o.put("is_admin", u.user().admin());
    o.set("roles", array(u.roles(), AccountJson::role));
    o.put("username", u.user().username());
    return o;
  }

  static ObjectNode current(AuthUser u) {
    ObjectNode o = F.objectNode();
    // MLflow's UI offers the basic-auth affordances (log out, change password) when this is true.
    o.put("is_basic_auth", true);
    o.set("user", user(u));
    return o;
  }

  static ObjectNode role(Role r) {
    ObjectNode o = F.objectNode();
    o.put("description", r.description());
    o.put("id", r.id());
    o.put("name", r.name());
    o.set("permissions", array(r.permissions(), AccountJson::roleGrant));
    o.put("workspace", r.workspace());
    return o;
  }

  static ObjectNode roleGrant(RoleGrant g) {
    ObjectNode o = F.objectNode();
    o.put("id", g.id());
    o.put("permission", g.permission().name());
    o.put("resource_pattern", g.resourcePattern());
    o.put("resource_type", g.resourceType());
    o.put("role_id", g.roleId());
    return o;
  }

  static ObjectNode assignment(RoleAssignment a) {
    ObjectNode o = F.objectNode();
    o.put("id", a.id());
    o.put("role_id", a.roleId());
    o.put("user_id", a.userId());
    return o;
  }

  static ObjectNode permissions(UserPermissions p) {
    ObjectNode o = F.objectNode();
    o.put("is_admin", p.admin());
    o.set("permissions", array(p.permissions(), AccountJson::permissionRow));
    return o;
  }

  private static ObjectNode permissionRow(UserPermissions.Row r) {
    ObjectNode o = F.objectNode();
    o.put("permission", r.permission().name());
    o.put("resource_pattern", r.resourcePattern());
    o.put("resource_type", r.resourceType());
    o.put("role_id", r.roleId());
    o.put("role_name", r.roleName());
    o.put("workspace", r.workspace());
    return o;
  }

  static ObjectNode check(PermissionCheck c) {
    ObjectNode o = F.objectNode();
    o.put("allowed", c.allowed());
    o.put("permission", c.permission().name());
    return o;
  }

  static ObjectNode audit(AuditPage page) {
    ObjectNode o = F.objectNode();
    o.set("entries", array(page.entries(), AccountJson::auditEntry));
    if (page.nextPageToken() != null) {
      o.put("next_page_token", page.nextPageToken());
    }
    return o;
  }

  /** An audit entry; fields it does not have are left out. */
  private static ObjectNode auditEntry(AuditEntry e) {
    ObjectNode o = F.objectNode();
    o.put("action", e.action());
    o.put("actor", e.actor());
    putIfSet(o, "detail", e.detail());
    o.put("id", e.id());
    putIfSet(o, "permission", e.permission());
    putIfSet(o, "resource_id", e.resourceId());
    putIfSet(o, "resource_type", e.resourceType());
    if (e.roleId() != null) {
      o.put("role_id", e.roleId());
    }
    putIfSet(o, "target_user", e.targetUser());
    o.put("timestamp", e.timestamp());
    return o;
  }

  private static void putIfSet(ObjectNode o, String key, String value) {
    if (value != null) {
      o.put(key, value);
    }
  }
}
