package dev.cairn.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Places the server or its clients would be sent to: webhook receivers on non-public addresses,
 * artifact locations and model sources that can never be served safely, and symlinks in a run's
 * artifacts. Each is refused when stored (or skipped when listed), with MLflow's error shape.
 */
class HostileTargetsIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir static Path dir;
  @TempDir static Path outside;
  static LiveServer server;

  @BeforeAll
  static void start() {
    server = LiveServer.start(dir);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static String quoted(String s) throws Exception {
    return JSON.writeValueAsString(s);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "https://100.100.100.200/",
        "https://100.64.0.1/",
        "https://0.0.0.1/",
        "https://198.18.0.1/",
        "https://192.0.0.170/",
        "https://240.0.0.1/",
        "https://255.255.255.255/",
        "https://[::127.0.0.1]/",
        "https://[64:ff9b::a9fe:a9fe]/",
        "https://[2002:a9fe:a9fe::]/",
        "https://169.254.169.254/latest/meta-data/"
      })
  void aWebhookToANonPublicAddressIsRefused(String url) throws Exception {
    LiveServer.Answer a =
        server.post(
            "/webhooks",
            "{\"name\":\"h\",\"url\":"
                + quoted(url)
                + ",\"events\":[{\"entity\":\"model_version\",\"action\":\"created\"}]}");
    assertThat(a.status()).as(url + " " + a.body()).isEqualTo(400);
    assertThat(a.errorCode()).isEqualTo("INVALID_PARAMETER_VALUE");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "s3://169.254.169.254/x",
        "s3://bucket@evil.example/x",
        "gopher://evil.example/x",
        "jar:file:/tmp/a.jar!/",
        "mlflow-artifacts:/../../../tmp/x",
        "mlflow-artifacts://127.0.0.1:22/x"
      })
  void anArtifactLocationThatCanNeverBeServedSafelyIsRefused(String location) throws Exception {
    LiveServer.Answer a =
        server.post(
            "/experiments/create",
            "{\"name\":"
                + quoted("e-" + location.hashCode())
                + ",\"artifact_location\":"
                + quoted(location)
                + "}");
    assertThat(a.status()).as(location + " " + a.body()).isEqualTo(400);
    assertThat(a.errorCode()).isEqualTo("INVALID_PARAMETER_VALUE");
    assertThat(
            server
                .get("/experiments/get-by-name?experiment_name=e-" + location.hashCode())
                .status())
        .isEqualTo(404);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "http://169.254.169.254/latest/",
        "http://127.0.0.1:8080/admin",
        "s3://bucket@evil.example/model",
        "gopher://evil.example/x"
      })
  void aModelVersionSourceOnANonPublicAddressIsRefused(String source) throws Exception {
    String name = "m" + Math.abs(source.hashCode());
    server.ok("/registered-models/create", "{\"name\":\"" + name + "\"}");
    LiveServer.Answer a =
        server.post(
            "/model-versions/create",
            "{\"name\":\"" + name + "\",\"source\":" + quoted(source) + "}");
    assertThat(a.status()).as(source + " " + a.body()).isEqualTo(400);
    assertThat(a.errorCode()).isEqualTo("INVALID_PARAMETER_VALUE");
  }

  @Test
  void symlinksLeavingARunsArtifactsAreLeftOutOfItsZipAndRefusedAsAFolder() throws Exception {
    var run = server.ok("/runs/create", "{}").at("/run/info");
    String runId = run.path("run_id").asText();
    String uri = run.path("artifact_uri").asText();
    Path artifacts = uri.startsWith("file:") ? Path.of(java.net.URI.create(uri)) : Path.of(uri);
    Files.createDirectories(artifacts.resolve("data"));
    for (String f : List.of("a.txt", "b.txt", "data/c.txt", "data/d.txt")) {
      Files.writeString(artifacts.resolve(f), f);
    }
    Files.writeString(outside.resolve("secret.txt"), "secret");
    Files.createSymbolicLink(artifacts.resolve("escape"), outside);
    Files.createSymbolicLink(
        artifacts.resolve("data/secret-link.txt"), outside.resolve("secret.txt"));
    Files.createSymbolicLink(artifacts.resolve("inside-link"), artifacts.resolve("data"));

    var zip = server.raw("GET", "/ajax-api/2.0/cairn/artifacts/download-zip?run_id=" + runId, null);
    assertThat(zip.statusCode()).isEqualTo(200);
    List<String> names = new ArrayList<>();
    try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip.body()))) {
      for (ZipEntry e; (e = in.getNextEntry()) != null; ) {
        names.add(e.getName());
        assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).doesNotContain("secret");
      }
    }
    assertThat(names)
        .containsExactlyInAnyOrder(
            "a.txt", "b.txt", "data/c.txt", "data/d.txt", "inside-link/c.txt", "inside-link/d.txt");

    var folder =
        server.raw(
            "GET",
            "/ajax-api/2.0/cairn/artifacts/download-zip?run_id="
                + runId
                + "&path="
                + URLEncoder.encode("escape", StandardCharsets.UTF_8),
            null);
    assertThat(folder.statusCode()).isEqualTo(400);
    assertThat(new String(folder.body(), StandardCharsets.UTF_8))
        .contains("INVALID_PARAMETER_VALUE");
  }
}
