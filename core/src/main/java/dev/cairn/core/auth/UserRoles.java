package dev.cairn.core.auth;

import java.util.List;
import java.util.Objects;

/** A user and every role assigned to them (their own role among them), as a listing shows them. */
public record UserRoles(AuthUser user, List<Role> roles) {
  public UserRoles {
    Objects.requireNonNull(user, "user");
    roles = List.copyOf(roles);
  }
}
