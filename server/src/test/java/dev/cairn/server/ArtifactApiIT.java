package dev.cairn.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The proxied artifact service and the tracking-side artifact routes over real HTTP. */
class ArtifactApiIT {
  private static final String PROXY = "/api/2.0/mlflow-artifacts/artifacts";
  @TempDir static Path dir;
  static LiveServer server;

  @BeforeAll
  static void start() {
    server = LiveServer.proxying(dir, true, false);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static HttpResponse<byte[]> raw(
      String method, String path, byte[] body, String... headers) throws Exception {
    return server.raw(method, path, body, headers);
  }

  private static String text(HttpResponse<byte[]> r) {
    return new String(r.body(), StandardCharsets.UTF_8);
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static Path destination() {
    return dir.resolve("mlartifacts");
  }

  @Test
  void uploadedFileDownloadsWithAttachmentHeaders() throws Exception {
    assertThat(raw("PUT", PROXY + "/1/r1/artifacts/notes/a.txt", bytes("hello")).statusCode())
        .isEqualTo(200);
    HttpResponse<byte[]> r = raw("GET", PROXY + "/1/r1/artifacts/notes/a.txt", null);
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(text(r)).isEqualTo("hello");
    assertThat(r.headers().firstValue("Content-Disposition"))
        .hasValue("attachment; filename=\"a.txt\"");
    assertThat(r.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
    assertThat(r.headers().firstValue("Content-Type")).hasValue("text/plain; charset=utf-8");
    assertThat(destination().resolve("1/r1/artifacts/notes/a.txt")).hasContent("hello");
  }

  @Test
  void htmlArtifactIsNotServedAsActiveContent() throws Exception {
    raw("PUT", PROXY + "/x/page.html", bytes("<script>alert(1)</script>"));
    HttpResponse<byte[]> r = raw("GET", PROXY + "/x/page.html", null);
    assertThat(r.headers().firstValue("Content-Type")).hasValue("application/octet-stream");
  }

  @Test
  void rangeRequestsAnswerPartialContent() throws Exception {
    raw("PUT", PROXY + "/range/f.bin", bytes("0123456789"));
    HttpResponse<byte[]> r = raw("GET", PROXY + "/range/f.bin", null, "Range", "bytes=2-5");
    assertThat(r.statusCode()).isEqualTo(206);
    assertThat(text(r)).isEqualTo("2345");
    assertThat(r.headers().firstValue("Content-Range")).hasValue("bytes 2-5/10");
    assertThat(text(raw("GET", PROXY + "/range/f.bin", null, "Range", "bytes=7-")))
        .isEqualTo("789");
    assertThat(text(raw("GET", PROXY + "/range/f.bin", null, "Range", "bytes=-3")))
        .isEqualTo("789");
    HttpResponse<byte[]> bad = raw("GET", PROXY + "/range/f.bin", null, "Range", "bytes=10-");
    assertThat(bad.statusCode()).isEqualTo(416);
    assertThat(bad.headers().firstValue("Content-Range")).hasValue("bytes */10");
  }

  @Test
  void proxyListingShowsBaseNamesSizesAndDirectories() throws Exception {
    raw("PUT", PROXY + "/list/r/artifacts/model/MLmodel", bytes("flavors: {}"));
    raw("PUT", PROXY + "/list/r/artifacts/metrics.csv", bytes("a,b"));
    HttpResponse<byte[]> r = raw("GET", PROXY + "?path=list/r/artifacts", null);
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(text(r))
        .isEqualTo(
            "{\"files\":[{\"path\":\"metrics.csv\",\"is_dir\":false,\"file_size\":3},"
                + "{\"path\":\"model\",\"is_dir\":true}]}");
    assertThat(text(raw("GET", PROXY + "?path=list/none", null))).isEqualTo("{}");
    assertThat(text(raw("GET", PROXY + "?path=list/r/artifacts/metrics.csv", null)))
        .isEqualTo("{}");
  }

  @Test
  void deleteRemovesFilesAndTrees() throws Exception {
    raw("PUT", PROXY + "/del/a/b.txt", bytes("b"));
    raw("PUT", PROXY + "/del/c.txt", bytes("c"));
    assertThat(raw("DELETE", PROXY + "/del/a", null).statusCode()).isEqualTo(200);
    assertThat(destination().resolve("del/a")).doesNotExist();
    assertThat(destination().resolve("del/c.txt")).exists();
  }

  @Test
  void downloadOfMissingFileIs404() throws Exception {
    HttpResponse<byte[]> r = raw("GET", PROXY + "/nothing/here.txt", null);
    assertThat(r.statusCode()).isEqualTo(404);
    assertThat(text(r)).contains("\"error_code\":\"RESOURCE_DOES_NOT_EXIST\"");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "/..%2F..%2Fescape.txt",
        "/%252E%252E%252F%252E%252E%252Fescape.txt",
        "/a/%252e%252e/%252e%252e/escape.txt",
        "/C:%5Cescape.txt",
        "/a%23/..%2F..%2Fescape.txt",
        "/%2Fetc%2Fescape.txt"
      })
  void hostileUploadPathsAreRefusedAndWriteNothing(String path) throws Exception {
    HttpResponse<byte[]> r = raw("PUT", PROXY + path, bytes("pwned"));
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(filesNamed("escape.txt")).isEmpty();
    assertThat(Path.of("/etc/escape.txt")).doesNotExist();
  }

  /**
   * Files of that name anywhere in this test's directory, or up to two levels under its parent (the
   * shared temp directory, where other processes' files come and go while it is walked).
   */
  private static List<Path> filesNamed(String name) throws IOException {
    List<Path> found = new ArrayList<>();
    Files.walkFileTree(
        dir.getParent(),
        java.util.Set.of(),
        3,
        new java.nio.file.SimpleFileVisitor<>() {
          @Override
          public java.nio.file.FileVisitResult visitFile(
              Path file, java.nio.file.attribute.BasicFileAttributes attrs) {
            if (file.getFileName().toString().equals(name)) {
              found.add(file);
            }
            return java.nio.file.FileVisitResult.CONTINUE;
          }

          @Override
          public java.nio.file.FileVisitResult visitFileFailed(Path file, IOException e) {
            return java.nio.file.FileVisitResult.CONTINUE; // gone meanwhile: not ours
          }
        });
    try (Stream<Path> files = Files.walk(dir)) {
      files.filter(p -> p.getFileName().toString().equals(name)).forEach(found::add);
    }
    return found;
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "../mlflow.db",
        "%2E%2E%2Fmlflow.db",
        "%252E%252E%252Fmlflow.db",
        "/etc/passwd",
        "C:/x",
        "a#/../../mlflow.db",
        "%2%0952e%2%0952e/mlflow.db"
      })
  void hostileListAndDownloadPathsAreInvalid(String path) throws Exception {
    String q = java.net.URLEncoder.encode(path, StandardCharsets.UTF_8);
    HttpResponse<byte[]> list = raw("GET", PROXY + "?path=" + q, null);
    assertThat(list.statusCode()).isEqualTo(400);
    assertThat(text(list))
        .contains("\"error_code\":\"INVALID_PARAMETER_VALUE\"")
        .contains("\"message\":\"Invalid path\"");
  }

  @Test
  void symlinkOutOfTheDestinationIsNotFollowed() throws Exception {
    Path outside = Files.createDirectories(dir.resolve("outside"));
    Files.writeString(outside.resolve("secret.txt"), "secret");
    Files.createDirectories(destination());
    Files.createSymbolicLink(destination().resolve("evil"), outside);
    HttpResponse<byte[]> r = raw("GET", PROXY + "/evil/secret.txt", null);
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(text(r)).doesNotContain("secret\"").contains("Invalid path");
    assertThat(raw("PUT", PROXY + "/evil/new.txt", bytes("x")).statusCode()).isEqualTo(400);
    assertThat(outside.resolve("new.txt")).doesNotExist();
  }

  @Test
  void runArtifactsListAndDownloadThroughTheTrackingApi() throws Exception {
    String exp =
        server.ok("/experiments/create", "{\"name\":\"arts\"}").get("experiment_id").asText();
    JsonNode run = server.ok("/runs/create", "{\"experiment_id\":\"" + exp + "\"}").get("run");
    String runId = run.at("/info/run_id").asText();
    String uri = run.at("/info/artifact_uri").asText();
    assertThat(uri).isEqualTo("mlflow-artifacts:/" + exp + "/" + runId + "/artifacts");
    String base = PROXY + "/" + exp + "/" + runId + "/artifacts";
    raw("PUT", base + "/model/MLmodel", bytes("flavors: {}"));
    raw("PUT", base + "/model/model.pkl", bytes("pickle"));
    raw("PUT", base + "/log.txt", bytes("line"));

    JsonNode root = server.get("/artifacts/list?run_id=" + runId).json();
    assertThat(root.get("root_uri").asText()).isEqualTo(uri);
    assertThat(root.get("files").toString())
        .isEqualTo(
            "[{\"path\":\"log.txt\",\"is_dir\":false,\"file_size\":4},"
                + "{\"path\":\"model\",\"is_dir\":true}]");
    JsonNode model = server.get("/artifacts/list?run_id=" + runId + "&path=model").json();
    assertThat(model.get("files").toString())
        .isEqualTo(
            "[{\"path\":\"model/MLmodel\",\"is_dir\":false,\"file_size\":11},"
                + "{\"path\":\"model/model.pkl\",\"is_dir\":false,\"file_size\":6}]");

    HttpResponse<byte[]> file =
        raw("GET", "/get-artifact?run_uuid=" + runId + "&path=model/MLmodel", null);
    assertThat(file.statusCode()).isEqualTo(200);
    assertThat(text(file)).isEqualTo("flavors: {}");

    LiveServer.Answer bad = server.get("/artifacts/list?run_id=" + runId + "&path=../..");
    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.errorCode()).isEqualTo("INVALID_PARAMETER_VALUE");
    assertThat(server.get("/artifacts/list?run_id=" + "0".repeat(32)).errorCode())
        .isEqualTo("RESOURCE_DOES_NOT_EXIST");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "file:///etc",
        "http://169.254.169.254/latest/meta-data/",
        "http:///?/../../../etc/",
        "http://host/;..%2F..%2Fetc"
      })
  void experimentsCannotPointTheServerOutsideItsArtifactRoots(String location) {
    LiveServer.Answer a =
        server.post(
            "/experiments/create",
            "{\"name\":\"loc-"
                + Math.abs(location.hashCode())
                + "\",\"artifact_location\":\""
                + location
                + "\"}");
    assertThat(a.status()).isEqualTo(400);
    assertThat(a.errorCode()).isEqualTo("INVALID_PARAMETER_VALUE");
  }

  @Test
  void uiUploadWritesIntoTheRunsArtifacts() throws Exception {
    String runId =
        server.ok("/runs/create", "{\"experiment_id\":\"0\"}").at("/run/info/run_id").asText();
    HttpResponse<byte[]> r =
        raw(
            "POST",
            "/ajax-api/2.0/mlflow/upload-artifact?run_uuid=" + runId + "&path=ui/notes.md",
            bytes("# notes"));
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(destination().resolve("0/" + runId + "/artifacts/ui/notes.md"))
        .hasContent("# notes");
    HttpResponse<byte[]> noPath =
        raw("POST", "/ajax-api/2.0/mlflow/upload-artifact?run_uuid=" + runId, bytes("x"));
    assertThat(noPath.statusCode()).isEqualTo(400);
    HttpResponse<byte[]> tooBig =
        raw(
            "POST",
            "/ajax-api/2.0/mlflow/upload-artifact?run_uuid=" + runId + "&path=big.bin",
            new byte[10 * 1024 * 1024 + 1]);
    assertThat(tooBig.statusCode()).isEqualTo(400);
    assertThat(destination().resolve("0/" + runId + "/artifacts/big.bin")).doesNotExist();
  }

  @Test
  void multipartUploadOnLocalStorageIsNotImplemented() throws Exception {
    HttpResponse<byte[]> r =
        raw(
            "POST",
            "/api/2.0/mlflow-artifacts/mpu/create/1/r/artifacts",
            bytes("{\"path\":\"/home/me/big.bin\",\"num_parts\":2}"),
            "Content-Type",
            "application/json");
    assertThat(r.statusCode()).isEqualTo(501);
    assertThat(text(r))
        .contains("\"error_code\":\"NOT_IMPLEMENTED\"")
        .contains("Multipart upload is not supported for the current artifact repository");
    for (String action : new String[] {"complete", "abort"}) {
      HttpResponse<byte[]> other =
          raw(
              "POST",
              "/api/2.0/mlflow-artifacts/mpu/" + action + "/1/r/artifacts",
              bytes("{\"path\":\"big.bin\",\"upload_id\":\"u\",\"parts\":[]}"),
              "Content-Type",
              "application/json");
      assertThat(other.statusCode()).as(action).isEqualTo(501);
    }
    HttpResponse<byte[]> presigned =
        raw("GET", "/api/2.0/mlflow-artifacts/presigned/1/r/a.bin", null);
    assertThat(presigned.statusCode()).isEqualTo(501);
    assertThat(text(presigned)).contains("Presigned download URLs are not supported");
  }

  @Test
  void anInterruptedUploadLeavesNoFileUnderItsName() throws Exception {
    int port = URI.create(server.baseUrl()).getPort();
    try (Socket socket = new Socket("127.0.0.1", port)) {
      OutputStream out = socket.getOutputStream();
      out.write(
          bytes(
              "PUT "
                  + PROXY
                  + "/cut/half.bin HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 10000000\r\n\r\n"));
      out.write(new byte[1_000_000]);
      out.flush();
    }
    Thread.sleep(500);
    assertThat(destination().resolve("cut/half.bin")).doesNotExist();
    try (Stream<Path> files = Files.list(destination().resolve("cut"))) {
      assertThat(files).isEmpty();
    } catch (java.nio.file.NoSuchFileException e) {
      // the directory was never created: nothing was left behind either
    }
  }

  @Test
  void noServeArtifactsAnswers503OnTheProxy(@TempDir Path other) throws Exception {
    try (LiveServer s = LiveServer.proxying(other, false, false)) {
      HttpResponse<byte[]> r =
          server
              .client()
              .send(
                  HttpRequest.newBuilder(URI.create(s.baseUrl() + PROXY + "/a.txt")).build(),
                  HttpResponse.BodyHandlers.ofByteArray());
      assertThat(r.statusCode()).isEqualTo(503);
      assertThat(text(r)).contains("--no-serve-artifacts");
      JsonNode run = s.ok("/runs/create", "{}").get("run");
      assertThat(run.at("/info/artifact_uri").asText()).doesNotStartWith("mlflow-artifacts:");
    }
  }

  @Test
  void artifactsOnlyServesArtifactsAndRefusesTracking(@TempDir Path other) throws Exception {
    try (LiveServer s = LiveServer.proxying(other, true, true)) {
      assertThat(s.post("/experiments/search", "{}").status()).isEqualTo(503);
      HttpResponse<byte[]> put =
          server
              .client()
              .send(
                  HttpRequest.newBuilder(URI.create(s.baseUrl() + PROXY + "/only.txt"))
                      .PUT(HttpRequest.BodyPublishers.ofString("x"))
                      .build(),
                  HttpResponse.BodyHandlers.ofByteArray());
      assertThat(put.statusCode()).isEqualTo(200);
    }
  }
}
