package dev.cairn.core.auth;

import static dev.cairn.core.auth.AccountChecks.allowIf;
import static dev.cairn.core.auth.AccountChecks.requireAdmin;
import static dev.cairn.core.auth.AccountChecks.required;

import dev.cairn.core.CairnException;
import java.util.List;
import java.util.Set;

/**
 * The users of MLflow's auth API ({@code /mlflow/users/...}): who may call each operation, MLflow's
 * validation and messages, the password hashes written as Werkzeug's, the credential cache told of
 * every change, and each change written to the audit log.
 *
 * <p>Parameters are as the request carried them: null when missing (MLflow's message for a missing
 * parameter comes after the check of who may call, as MLflow's validators run first). A caller who
 * may not call gets PERMISSION_DENIED {@code Permission denied}.
 */
public final class AccountUsers {
  private static final int MIN_PASSWORD = 12;

  private final AuthStore store;
  private final AccountChecks checks;
  private final Credentials credentials;
  private final AuditTrail audit;

  AccountUsers(AuthStore store, AccountChecks checks, Credentials credentials, AuditTrail audit) {
    this.store = store;
    this.checks = checks;
    this.credentials = credentials;
    this.audit = audit;
  }

  /**
   * Creates a user who is not an administrator. Administrators may, and so may the administrators
   * of any workspace (to seed an account they then give a role).
   */
  public AuthUser create(AuthUser caller, String username, String password) {
    allowIf(mayCreate(caller));
    required("username", username);
    required("password", password);
    if (username.isEmpty() || password.isEmpty()) {
      throw CairnException.invalid("Username and password cannot be empty.");
    }
    requireLength(password);
    AuthUser user = store.createUser(username, PasswordHashes.hash(password), false);
    audit.user(caller, "create_user", username, null);
    return user;
  }

  /** Whether the caller may create users: an administrator, or any workspace's administrator. */
  public boolean mayCreate(AuthUser caller) {
    return caller.admin() || !checks.adminWorkspaces(caller).isEmpty();
  }

  /** A user, for an administrator or the user themself. */
  public AuthUser get(AuthUser caller, String username) {
    required("username", username);
    allowIf(AccountChecks.seesAll(caller, username));
    return checks.existing(username);
  }

  /** The caller as the store has them now. */
  public AuthUser current(AuthUser caller) {
    return checks.existing(caller.username());
  }

  /**
   * Every user with their roles. Anyone signed in may list (MLflow's UI picks reviewers from it);
   * the roles shown of others are those in workspaces the caller administers, unless the caller is
   * an administrator.
   */
  public List<UserRoles> list(AuthUser caller) {
    List<UserRoles> all = store.roles().usersWithRoles();
    if (caller.admin()) {
      return all;
    }
    Set<String> administered = checks.adminWorkspaces(caller);
    return all.stream()
        .map(
            u ->
                u.user().username().equals(caller.username())
                    ? u
                    : new UserRoles(
                        u.user(),
                        u.roles().stream()
                            .filter(r -> administered.contains(r.workspace()))
                            .toList()))
        .toList();
  }

  /**
   * Sets a password, for an administrator or the user themself. Whoever changes their own password
   * (an administrator too) must give the current one, and a different new one.
   */
  public void updatePassword(
      AuthUser caller, String username, String password, String currentPassword) {
    required("username", username);
    allowIf(AccountChecks.seesAll(caller, username));
    required("password", password);
    if (caller.username().equals(username)) {
      checkCurrentPassword(username, password, currentPassword);
    }
    checks.existing(username);
    requireLength(password);
    store.updateUser(username, PasswordHashes.hash(password), null);
    credentials.forget(username);
    audit.user(caller, "update_password", username, null);
  }

  private void checkCurrentPassword(String username, String password, String currentPassword) {
    if (currentPassword == null || currentPassword.isEmpty()) {
      throw CairnException.invalid("Current password is required when changing your own password.");
    }
    if (!PasswordHashes.verify(checks.existing(username).passwordHash(), currentPassword)) {
      throw CairnException.invalid("Current password does not match.");
    }
    if (password.equals(currentPassword)) {
      throw CairnException.invalid("New password must differ from the current password.");
    }
  }

  /** Makes a user an administrator or not: administrators only. */
  public void updateAdmin(AuthUser caller, String username, Boolean admin) {
    requireAdmin(caller);
    required("username", username);
    if (admin == null) {
      required("is_admin", (String) null);
    }
    AuthUser before = checks.existing(username);
    store.updateUser(username, null, admin);
    credentials.forget(username);
    audit.user(caller, "update_admin", username, "is_admin " + before.admin() + " -> " + admin);
  }

  /** Deletes a user: administrators only, and not themselves. */
  public void delete(AuthUser caller, String username) {
    requireAdmin(caller);
    required("username", username);
    if (username.equals(caller.username())) {
      // The caller would be locked out at once: their browser still sends the deleted name.
      throw CairnException.badRequest(
          "Users cannot delete their own account. Ask another admin to delete this user instead.");
    }
    store.deleteUser(username);
    credentials.forget(username);
    audit.user(caller, "delete_user", username, null);
  }

  private static void requireLength(String password) {
    // MLflow counts Python characters (code points), not UTF-16 units.
    if (password.codePointCount(0, password.length()) < MIN_PASSWORD) {
      throw CairnException.invalid("Password must be at least 12 characters.");
    }
  }
}
