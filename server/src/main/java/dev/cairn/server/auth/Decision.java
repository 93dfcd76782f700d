package dev.cairn.server.auth;

import dev.cairn.core.auth.Requirement;
import java.util.List;

/** What a request needs of its signed-in user. */
sealed interface Decision {
  /** Any signed-in user may go on (the handler or a response filter decides the rest). */
  record Allow() implements Decision {}

  /** Administrators only. */
  record AdminOnly() implements Decision {}

  /** Refused whoever asks (a resource that cannot be found or judged). */
  record Deny() implements Decision {}

  /** Judged by the default permission alone (a resource no grant can name). */
  record Default(dev.cairn.core.auth.Action action) implements Decision {}

  /** Every requirement must be met. */
  record Check(List<Requirement> requirements) implements Decision {}

  Decision ALLOW = new Allow();
  Decision ADMIN_ONLY = new AdminOnly();
  Decision DENY = new Deny();

  static Decision check(List<Requirement> requirements) {
    return new Check(List.copyOf(requirements));
  }
}
