package dev.cairn.core.auth;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The settings of MLflow's basic-auth app, read from its ini file ({@code MLFLOW_AUTH_CONFIG_PATH},
 * section {@code [mlflow]}) as MLflow reads them, so one file configures both servers.
 *
 * @param defaultPermission what a user holds on a resource they have no grant on; {@code
 *     NO_PERMISSIONS} makes the server deny by default
 * @param databaseUri the auth database ({@code sqlite:///basic_auth.db} by default, relative to the
 *     working directory as MLflow's is)
 * @param adminUsername the administrator created on an empty user store, or null
 * @param adminPassword that administrator's password, or null: then an empty user store refuses to
 *     start (MLflow ships no default password)
 * @param authCacheTtlSeconds how long a verified password is remembered; 0 turns the cache off
 */
public record AuthConfig(
    Permission defaultPermission,
    String databaseUri,
    String adminUsername,
    String adminPassword,
    int authCacheMaxSize,
    int authCacheTtlSeconds) {

  /** MLflow's own Basic authentication, the one {@code authorization_function} Cairn serves. */
  public static final String BASIC_AUTH_FUNCTION =
      "mlflow.server.auth:authenticate_request_basic_auth";

  /** MLflow's shipped {@code basic_auth.ini}: the settings when no file is named. */
  public static final String DEFAULT_DATABASE_URI = "sqlite:///basic_auth.db";

  public AuthConfig {
    if (defaultPermission == null) {
      throw new IllegalArgumentException("default_permission is required");
    }
    if (defaultPermission == Permission.DENY) {
      throw new IllegalArgumentException(
          "default_permission DENY is not allowed; use NO_PERMISSIONS to deny by default");
    }
    if (databaseUri == null || databaseUri.isBlank()) {
      throw new IllegalArgumentException("database_uri is required");
    }
    if (authCacheTtlSeconds < 0 || authCacheMaxSize < 0) {
      throw new IllegalArgumentException("auth_cache_* settings must not be negative");
    }
  }

  /** The password stays out of logs. */
  @Override
  public String toString() {
    return "AuthConfig[defaultPermission="
        + defaultPermission
        + ", databaseUri="
        + databaseUri
        + ", adminUsername="
        + adminUsername
        + ", adminPassword="
        + (adminPassword == null ? "unset" : "***")
        + ", authCacheTtlSeconds="
        + authCacheTtlSeconds
        + "]";
  }

  /**
   * The settings from the environment: the ini file {@code MLFLOW_AUTH_CONFIG_PATH} names (else
   * MLflow's shipped defaults), with {@code MLFLOW_AUTH_ADMIN_USERNAME} and {@code
   * MLFLOW_AUTH_ADMIN_PASSWORD} taking precedence when set, even when empty (an empty injected
   * secret then surfaces as a start error, as in MLflow).
   *
   * @throws IllegalArgumentException with a one-line reason when the file is missing or invalid
   */
  public static AuthConfig from(Map<String, String> env) {
    String path = env.get("MLFLOW_AUTH_CONFIG_PATH");
    Map<String, String> ini = defaults();
    if (path != null && !path.isBlank()) {
      ini.putAll(readSection(Path.of(path), "mlflow"));
    }
    String username =
        env.containsKey("MLFLOW_AUTH_ADMIN_USERNAME")
            ? env.get("MLFLOW_AUTH_ADMIN_USERNAME")
            : ini.get("admin_username");
    String function = ini.get("authorization_function");
    if (function != null && !function.strip().equals(BASIC_AUTH_FUNCTION)) {
      // Another function (MLflow's JWT example, a company's own) is Python code Cairn cannot run:
      // serving Basic auth in its place would let in whom that function keeps out.
      throw new IllegalArgumentException(
          "authorization_function = "
              + function.strip()
              + " is not served: Cairn authenticates with "
              + BASIC_AUTH_FUNCTION
              + " (HTTP Basic) only.");
    }
    String password =
        env.containsKey("MLFLOW_AUTH_ADMIN_PASSWORD")
            ? env.get("MLFLOW_AUTH_ADMIN_PASSWORD")
            : ini.get("admin_password");
    return new AuthConfig(
        permission(ini.get("default_permission")),
        ini.get("database_uri"),
        emptyToNull(username),
        emptyToNull(password),
        integer(ini, "auth_cache_max_size"),
        integer(ini, "auth_cache_ttl_seconds"));
  }

  private static Map<String, String> defaults() {
    Map<String, String> ini = new HashMap<>();
    ini.put("default_permission", "READ");
    ini.put("database_uri", DEFAULT_DATABASE_URI);
    ini.put("admin_username", "admin");
    ini.put("auth_cache_max_size", "10000");
    ini.put("auth_cache_ttl_seconds", "0");
    return ini;
  }

  private static Permission permission(String name) {
    try {
      return Permission.valueOf(name.strip());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "default_permission must be one of READ, USE, EDIT, MANAGE, NO_PERMISSIONS, got '"
              + name
              + "'");
    }
  }

  private static int integer(Map<String, String> ini, String key) {
    String value = ini.get(key);
    try {
      return Integer.parseInt(value.strip());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(key + " must be an integer, got '" + value + "'");
    }
  }

  private static String emptyToNull(String s) {
    return s == null || s.isEmpty() ? null : s;
  }

  /**
   * The keys of one section of an ini file as Python's {@code configparser} reads them: {@code key
   * = value} or {@code key: value}, keys case-insensitive, {@code #} and {@code ;} comment lines,
   * indented lines continuing the previous value.
   */
  static Map<String, String> readSection(Path file, String section) {
    String text;
    try {
      text = Files.readString(file);
    } catch (IOException e) {
      throw new IllegalArgumentException("Cannot read the auth config file " + file + ": " + e);
    }
    Map<String, String> out = new HashMap<>();
    String current = null;
    String lastKey = null;
    for (String raw : text.split("\r?\n")) {
      String line = raw.strip();
      if (line.isEmpty() || line.startsWith("#") || line.startsWith(";")) {
        continue;
      }
      if (line.startsWith("[") && line.endsWith("]")) {
        current = line.substring(1, line.length() - 1).strip();
        lastKey = null;
        continue;
      }
      if (!section.equals(current)) {
        continue;
      }
      if (Character.isWhitespace(raw.charAt(0)) && lastKey != null) {
        out.merge(lastKey, "\n" + line, String::concat);
        continue;
      }
      int eq = separator(line);
      if (eq < 0) {
        throw new IllegalArgumentException("Malformed line in " + file + ": " + line);
      }
      lastKey = line.substring(0, eq).strip().toLowerCase(Locale.ROOT);
      out.put(lastKey, line.substring(eq + 1).strip());
    }
    if (current == null && out.isEmpty() && !text.isBlank()) {
      throw new IllegalArgumentException("The auth config file " + file + " has no [mlflow]");
    }
    return out;
  }

  private static int separator(String line) {
    int eq = line.indexOf('=');
    int colon = line.indexOf(':');
    if (eq < 0) {
      return colon;
    }
    return colon < 0 ? eq : Math.min(eq, colon);
  }
}
