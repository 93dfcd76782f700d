package dev.cairn.core.auth;

import dev.cairn.core.CairnException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the configured administrator on a user store that lacks them, as MLflow's auth app does
 * at start: no default password exists, so an absent one stops the server with the setting to fix.
 * The password is never logged.
 */
public final class AdminBootstrap {
  private static final Logger LOG = LoggerFactory.getLogger(AdminBootstrap.class);

  /** MLflow's minimum, applied to every password it stores. */
  public static final int MIN_PASSWORD_LENGTH = 12;

  private AdminBootstrap() {}

  /**
   * @throws IllegalArgumentException with a one-line reason when the administrator is missing and
   *     cannot be created from the settings
   */
  public static void ensureAdmin(AuthStore store, AuthConfig config) {
    String username = config.adminUsername();
    if (username == null) {
      throw new IllegalArgumentException(
          "Authentication needs a user name for the admin user, but none is configured. Set"
              + " MLFLOW_AUTH_ADMIN_USERNAME, or admin_username in the file MLFLOW_AUTH_CONFIG_PATH"
              + " names, and restart.");
    }
    String password = config.adminPassword();
    if (store.findUser(username) == null) {
      validate(username, password);
      try {
        store.createUser(username, PasswordHashes.hash(password), true);
        LOG.info("Created admin user '{}'.", username);
      } catch (CairnException e) {
        // Another server sharing the auth database created them first.
        if (store.findUser(username) == null) {
          throw e;
        }
      }
      return;
    }
    AuthUser existing = store.findUser(username);
    if (password != null
        && !password.equals(Credentials.LEGACY_DEFAULT_PASSWORD)
        && PasswordHashes.verify(existing.passwordHash(), Credentials.LEGACY_DEFAULT_PASSWORD)) {
      // The upgrade path MLflow offers: the configured password replaces the publicly known one.
      validate(username, password);
      store.updateUser(username, PasswordHashes.hash(password), null);
      LOG.warn(
          "Replaced the insecure default password of admin user '{}' with the configured one;"
              + " unset MLFLOW_AUTH_ADMIN_PASSWORD (or admin_password) now.",
          username);
    } else if (PasswordHashes.verify(
        existing.passwordHash(), Credentials.LEGACY_DEFAULT_PASSWORD)) {
      LOG.warn(
          "Admin user '{}' still has the insecure default password older MLflow versions shipped;"
              + " sign-ins with it are refused. Set MLFLOW_AUTH_ADMIN_PASSWORD (or admin_password)"
              + " and restart to replace it.",
          username);
    }
  }

  private static void validate(String username, String password) {
    if (password == null) {
      throw new IllegalArgumentException(
          "Authentication needs a password to create the admin user '"
              + username
              + "', but none is configured (there is no default). Set MLFLOW_AUTH_ADMIN_PASSWORD,"
              + " or admin_password in the file MLFLOW_AUTH_CONFIG_PATH names, and restart.");
    }
    if (password.equals(Credentials.LEGACY_DEFAULT_PASSWORD)) {
      throw new IllegalArgumentException(
          "Refusing the insecure default password older MLflow versions shipped for the admin"
              + " user '"
              + username
              + "'. Set MLFLOW_AUTH_ADMIN_PASSWORD or admin_password to another password.");
    }
    if (password.length() < MIN_PASSWORD_LENGTH) {
      throw new IllegalArgumentException(
          "The configured password for the admin user '"
              + username
              + "' is invalid: Password must be at least 12 characters.");
    }
  }
}
