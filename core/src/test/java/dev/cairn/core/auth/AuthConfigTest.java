package dev.cairn.core.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuthConfigTest {
  @TempDir Path dir;

  @Test
  void withoutAFileTheSettingsAreMlflowsShippedOnesWithNoAdminPassword() {
    AuthConfig c = AuthConfig.from(Map.of());
    assertThat(c.defaultPermission()).isEqualTo(Permission.READ);
    assertThat(c.databaseUri()).isEqualTo("sqlite:///basic_auth.db");
    assertThat(c.adminUsername()).isEqualTo("admin");
    assertThat(c.adminPassword()).isNull();
    assertThat(c.authCacheTtlSeconds()).isZero();
  }

  @Test
  void readsMlflowsIniFileWithCommentsAndColons() throws IOException {
    Path ini =
        write(
            """
        [mlflow]
        # a comment
        default_permission = NO_PERMISSIONS
        database_uri = postgresql://u:p@db:5432/auth
        admin_username: root
        ADMIN_PASSWORD = secret-password-1
        ; another comment
        auth_cache_ttl_seconds = 60
        authorization_function = mlflow.server.auth:authenticate_request_basic_auth

        [other]
        default_permission = MANAGE
        """);
    AuthConfig c = AuthConfig.from(Map.of("MLFLOW_AUTH_CONFIG_PATH", ini.toString()));
    assertThat(c.defaultPermission()).isEqualTo(Permission.NO_PERMISSIONS);
    assertThat(c.databaseUri()).isEqualTo("postgresql://u:p@db:5432/auth");
    assertThat(c.adminUsername()).isEqualTo("root");
    assertThat(c.adminPassword()).isEqualTo("secret-password-1");
    assertThat(c.authCacheTtlSeconds()).isEqualTo(60);
    assertThat(c.toString()).doesNotContain("secret-password-1");
  }

  @Test
  void environmentVariablesWinEvenWhenEmpty() throws IOException {
    Path ini = write("[mlflow]\nadmin_password = from-the-file-123\n");
    AuthConfig set =
        AuthConfig.from(
            Map.of(
                "MLFLOW_AUTH_CONFIG_PATH", ini.toString(),
                "MLFLOW_AUTH_ADMIN_PASSWORD", "from-the-env-1234",
                "MLFLOW_AUTH_ADMIN_USERNAME", "boss"));
    assertThat(set.adminPassword()).isEqualTo("from-the-env-1234");
    assertThat(set.adminUsername()).isEqualTo("boss");
    AuthConfig empty =
        AuthConfig.from(
            Map.of("MLFLOW_AUTH_CONFIG_PATH", ini.toString(), "MLFLOW_AUTH_ADMIN_PASSWORD", ""));
    assertThat(empty.adminPassword()).isNull();
  }

  @Test
  void refusesUnknownOrDenyingDefaultsAndMissingFiles() throws IOException {
    Path bad = write("[mlflow]\ndefault_permission = WRITE\n");
    assertThatThrownBy(() -> AuthConfig.from(Map.of("MLFLOW_AUTH_CONFIG_PATH", bad.toString())))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("default_permission");
    Path deny = write("[mlflow]\ndefault_permission = DENY\n");
    assertThatThrownBy(() -> AuthConfig.from(Map.of("MLFLOW_AUTH_CONFIG_PATH", deny.toString())))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("NO_PERMISSIONS");
    assertThatThrownBy(
            () ->
                AuthConfig.from(
                    Map.of("MLFLOW_AUTH_CONFIG_PATH", dir.resolve("none.ini").toString())))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("none.ini");
  }

  @Test
  void anotherAuthorizationFunctionStopsTheServerInsteadOfFallingBackToBasicAuth()
      throws IOException {
    Path jwt = write("[mlflow]\nauthorization_function = jwt_auth:authenticate_request\n");
    assertThatThrownBy(() -> AuthConfig.from(Map.of("MLFLOW_AUTH_CONFIG_PATH", jwt.toString())))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("jwt_auth:authenticate_request");
  }

  private Path write(String text) throws IOException {
    Path p = Files.createTempFile(dir, "auth", ".ini");
    Files.writeString(p, text);
    return p;
  }
}
