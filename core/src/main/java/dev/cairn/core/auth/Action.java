package dev.cairn.core.auth;

/** What an operation does to a resource, and the capability of a {@link Permission} it needs. */
public enum Action {
  READ,
  USE,
  UPDATE,
  DELETE,
  MANAGE,
  /** A veto only: met by anything but an explicit {@link Permission#DENY}. */
  NOT_DENIED;

  /** Whether {@code permission} allows this action. */
  public boolean metBy(Permission permission) {
    return switch (this) {
      case READ -> permission.canRead();
      case USE -> permission.canUse();
      case UPDATE -> permission.canUpdate();
      case DELETE -> permission.canDelete();
      case MANAGE -> permission.canManage();
      case NOT_DENIED -> permission != Permission.DENY;
    };
  }
}
