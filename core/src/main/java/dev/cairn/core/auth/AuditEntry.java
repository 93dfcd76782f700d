package dev.cairn.core.auth;

import java.util.Objects;

/**
 * One change of users or permissions, as Cairn's audit log keeps it (never a password or a password
 * hash): who did what, to whom or to which role, when.
 *
 * @param id the database's id, ascending with time; 0 for an entry not yet recorded
 * @param timestamp milliseconds since the epoch
 * @param actor the user name of whoever made the change
 * @param action what was done, e.g. {@code create_user}, {@code grant_permission}
 * @param targetUser the user changed or granted to, or null
 * @param roleId the role changed, or null
 * @param resourceType the grant's resource type, or null
 * @param resourceId the grant's resource id or pattern, or null
 * @param permission the permission granted or set, or null
 * @param detail more words on the change (a role's name, an admin flag's new value), or null
 */
public record AuditEntry(
    long id,
    long timestamp,
    String actor,
    String action,
    String targetUser,
    Long roleId,
    String resourceType,
    String resourceId,
    String permission,
    String detail) {

  /** The longest detail kept; longer ones are cut. */
  public static final int MAX_DETAIL = 1000;

  public AuditEntry {
    Objects.requireNonNull(actor, "actor");
    Objects.requireNonNull(action, "action");
    if (detail != null && detail.length() > MAX_DETAIL) {
      detail = detail.substring(0, MAX_DETAIL);
    }
  }
}
