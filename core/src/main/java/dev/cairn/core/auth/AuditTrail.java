package dev.cairn.core.auth;

import java.time.InstantSource;

/**
 * Writes the audit log's entries for the auth API's changes. An entry is written after its change
 * committed, so the log never shows a change that did not happen; should the write fail, the caller
 * gets the error although the change stands.
 */
final class AuditTrail {
  private final AuditStore store;
  private final InstantSource clock;
  private final Runnable changed;

  /**
   * @param changed told of every change before its entry is written (the authorizer forgets the
   *     grants it remembers)
   */
  AuditTrail(AuditStore store, InstantSource clock, Runnable changed) {
    this.store = store;
    this.clock = clock;
    this.changed = changed;
  }

  void user(AuthUser actor, String action, String target, String detail) {
    write(actor, action, target, null, null, null, null, detail);
  }

  void grant(AuthUser actor, String action, String target, Grant grant) {
    write(
        actor,
        action,
        target,
        null,
        grant.resourceType(),
        grant.resourcePattern(),
        grant.permission().name(),
        null);
  }

  void role(AuthUser actor, String action, Role role, String detail) {
    write(actor, action, null, role.id(), null, null, null, detail);
  }

  void roleGrant(AuthUser actor, String action, RoleGrant g, String detail) {
    write(
        actor,
        action,
        null,
        g.roleId(),
        g.resourceType(),
        g.resourcePattern(),
        g.permission().name(),
        detail);
  }

  void assignment(AuthUser actor, String action, String target, Role role) {
    write(actor, action, target, role.id(), null, null, null, describe(role));
  }

  static String describe(Role role) {
    return "role '" + role.name() + "' in workspace '" + role.workspace() + "'";
  }

  private void write(
      AuthUser actor,
      String action,
      String target,
      Long roleId,
      String type,
      String id,
      String permission,
      String detail) {
    changed.run();
    store.record(
        new AuditEntry(
            0,
            clock.millis(),
            actor.username(),
            action,
            target,
            roleId,
            type,
            id,
            permission,
            detail));
  }
}
