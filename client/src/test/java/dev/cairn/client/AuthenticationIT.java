package dev.cairn.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Credentials from MLflow's variables, against a server running MLflow's basic-auth app. */
class AuthenticationIT {
  private static final String PASSWORD = "a-long-admin-password-for-tests";

  @Test
  void credentialsFromTheEnvironmentSignInAndWrongOnesAreRefusedWith401(@TempDir Path dir) {
    try (TestServer server = TestServer.withBasicAuth(dir, PASSWORD)) {
      Map<String, String> env =
          Map.of("MLFLOW_TRACKING_USERNAME", "admin", "MLFLOW_TRACKING_PASSWORD", PASSWORD);
      try (CairnClient signedIn =
          new CairnClient(ClientSettings.fromEnvironment(server.uri(), env), Map.of())) {
        String id = signedIn.createExperiment("with-auth");
        assertThat(signedIn.getExperiment(id).name()).isEqualTo("with-auth");
      }
      Map<String, String> wrong =
          Map.of("MLFLOW_TRACKING_USERNAME", "admin", "MLFLOW_TRACKING_PASSWORD", "nope");
      try (CairnClient refused =
          new CairnClient(ClientSettings.fromEnvironment(server.uri(), wrong), Map.of())) {
        assertThatThrownBy(() -> refused.getExperiment("0"))
            .isInstanceOfSatisfying(
                TrackingException.class, e -> assertThat(e.httpStatus()).isEqualTo(401));
      }
    }
  }
}
