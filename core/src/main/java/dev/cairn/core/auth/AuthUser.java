package dev.cairn.core.auth;

/**
 * A user of MLflow's basic-auth app ({@code users}): the password as a Werkzeug hash string, never
 * the password itself.
 */
public record AuthUser(long id, String username, String passwordHash, boolean admin) {
  @Override
  public String toString() {
    // The hash stays out of logs and assertion messages.
    return "AuthUser[id=" + id + ", username=" + username + ", admin=" + admin + "]";
  }
}
