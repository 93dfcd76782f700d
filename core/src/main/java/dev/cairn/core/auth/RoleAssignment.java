package dev.cairn.core.auth;

/** One row of {@code user_role_assignments}: the user holds the role. */
public record RoleAssignment(long id, long userId, long roleId) {}
