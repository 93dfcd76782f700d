package dev.cairn.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the web UI needs from the server: its files, and Cairn's reads added for it. */
class UiRoutesIT {
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

  private static HttpResponse<byte[]> raw(String method, String path, byte[] body)
      throws Exception {
    return server.raw(method, path, body);
  }

  private static String text(HttpResponse<byte[]> r) {
    return new String(r.body(), StandardCharsets.UTF_8);
  }

  private static String newRun(String experimentName) {
    String exp =
        server
            .ok("/experiments/create", "{\"name\":\"" + experimentName + "\"}")
            .path("experiment_id")
            .asText();
    return server
        .ok("/runs/create", "{\"experiment_id\":\"" + exp + "\"}")
        .path("run")
        .path("info")
        .path("run_id")
        .asText();
  }

  @Test
  void thePageAndItsBundlesAreServedAtTheRoot() throws Exception {
    HttpResponse<byte[]> page = raw("GET", "/", null);
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.headers().firstValue("Content-Type"))
        .hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
    assertThat(page.headers().firstValue("Cache-Control")).hasValue("no-cache");
    Matcher script = Pattern.compile("src=\"\\./(static-files/[^\"]+\\.js)\"").matcher(text(page));
    assertThat(script.find()).as("the page loads its bundle by a relative path").isTrue();
    HttpResponse<byte[]> js = raw("GET", "/" + script.group(1), null);
    assertThat(js.statusCode()).isEqualTo(200);
    assertThat(js.headers().firstValue("Content-Type")).hasValue("text/javascript; charset=utf-8");
    assertThat(js.headers().firstValue("Cache-Control").orElse("")).contains("immutable");
    assertThat(js.body().length).isGreaterThan(10_000);

    assertThat(raw("GET", "/static-files/missing.js", null).statusCode()).isEqualTo(404);
    // The page takes GET only: 405, as MLflow's server answers.
    assertThat(raw("POST", "/", new byte[0]).statusCode()).isEqualTo(405);
    // Jetty refuses encoded separators itself (400); a dot-dot path never reaches a file.
    assertThat(statusOnItsOwnConnection("/static-files/..%2F..%2Fpom.xml")).isIn(400, 404);
    assertThat(statusOnItsOwnConnection("/static-files/../../pom.xml")).isIn(400, 404);
  }

  /**
   * Jetty closes the connection after refusing a bad URI; asked through the shared client, the next
   * request could be sent on that closing connection.
   */
  private static int statusOnItsOwnConnection(String path) throws Exception {
    try (HttpClient once = HttpClient.newHttpClient()) {
      return once.send(
              HttpRequest.newBuilder(URI.create(server.baseUrl() + path)).build(),
              HttpResponse.BodyHandlers.discarding())
          .statusCode();
    }
  }

  @Test
  void underAStaticPrefixThePageIsAtThePrefixWithItsSlash(@TempDir Path other) throws Exception {
    try (LiveServer prefixed = LiveServer.start(other, "/mlflow", 1 << 20)) {
      String root = "http://127.0.0.1:" + URI.create(prefixed.baseUrl()).getPort();
      HttpResponse<String> bare =
          prefixed
              .client()
              .send(
                  HttpRequest.newBuilder(URI.create(root + "/mlflow")).build(),
                  HttpResponse.BodyHandlers.ofString());
      assertThat(bare.statusCode()).isEqualTo(308);
      assertThat(bare.headers().firstValue("Location")).hasValue("/mlflow/");
      HttpResponse<String> page =
          prefixed
              .client()
              .send(
                  HttpRequest.newBuilder(URI.create(root + "/mlflow/")).build(),
                  HttpResponse.BodyHandlers.ofString());
      assertThat(page.statusCode()).isEqualTo(200);
      assertThat(page.body()).contains("<div id=\"root\">");
      assertThat(
              prefixed
                  .send(
                      "GET",
                      "/ajax-api/2.0/cairn/experiments/run-counts?experiment_ids=0",
                      null,
                      null)
                  .status())
          .isEqualTo(200);
    }
  }

  @Test
  void downsampledHistoryKeepsEachBucketsRangeOverHttp() {
    String run = newRun("ui-downsample");
    StringBuilder batch = new StringBuilder("{\"run_id\":\"" + run + "\",\"metrics\":[");
    for (int i = 0; i < 100; i++) {
      batch.append(i == 0 ? "" : ",");
      batch.append("{\"key\":\"loss\",\"value\":").append(i == 42 ? 1000 : i);
      batch.append(",\"timestamp\":").append(1000 + i).append(",\"step\":").append(i).append('}');
    }
    server.ok("/runs/log-batch", batch.append("]}").toString());
    LiveServer.Answer a =
        server.send(
            "GET",
            "/ajax-api/2.0/cairn/metrics/get-history-downsampled?run_ids="
                + run
                + "&metric_key=loss&max_buckets=10",
            null,
            null);
    assertThat(a.status()).isEqualTo(200);
    JsonNode series = a.json().path("series");
    assertThat(series).hasSize(1);
    assertThat(series.get(0).path("run_id").asText()).isEqualTo(run);
    JsonNode buckets = series.get(0).path("buckets");
    assertThat(buckets).hasSize(10);
    assertThat(buckets.get(4).path("step").asLong()).isEqualTo(40);
    assertThat(buckets.get(4).path("last_step").asLong()).isEqualTo(49);
    assertThat(buckets.get(4).path("max").asDouble()).isEqualTo(1000.0);
    assertThat(buckets.get(4).path("min").asDouble()).isEqualTo(40.0);
    assertThat(buckets.get(4).path("count").asLong()).isEqualTo(10);
    assertThat(buckets.get(0).path("timestamp").asLong()).isEqualTo(1000);

    String base = "/api/2.0/cairn/metrics/get-history-downsampled?";
    for (String bad :
        new String[] {
          "metric_key=loss",
          "run_ids=" + run,
          "run_ids=" + run + "&metric_key=loss&max_buckets=0",
          "run_ids=" + run + "&metric_key=loss&max_buckets=10001",
          "run_ids=" + run + "&metric_key=loss&start_step=3",
          "run_ids=" + run + "&metric_key=loss&start_step=9&end_step=3",
          "run_ids=" + run + "&metric_key=loss&start_step=x&end_step=3"
        }) {
      LiveServer.Answer e = server.send("GET", base + bad, null, null);
      assertThat(e.status()).as(bad).isEqualTo(400);
      assertThat(e.errorCode()).as(bad).isEqualTo("INVALID_PARAMETER_VALUE");
    }
  }

  @Test
  void runCountsSplitActiveAndDeletedRuns() {
    String run = newRun("ui-counted");
    String exp =
        server
            .get("/runs/get?run_id=" + run)
            .json()
            .path("run")
            .path("info")
            .path("experiment_id")
            .asText();
    server.ok("/runs/create", "{\"experiment_id\":\"" + exp + "\"}");
    server.ok("/runs/delete", "{\"run_id\":\"" + run + "\"}");
    JsonNode counts =
        server
            .send("GET", "/api/2.0/cairn/experiments/run-counts?experiment_ids=" + exp, null, null)
            .json()
            .path("counts");
    assertThat(counts).hasSize(1);
    assertThat(counts.get(0).path("experiment_id").asText()).isEqualTo(exp);
    assertThat(counts.get(0).path("active").asLong()).isEqualTo(1);
    assertThat(counts.get(0).path("deleted").asLong()).isEqualTo(1);
    LiveServer.Answer bad =
        server.send("GET", "/api/2.0/cairn/experiments/run-counts?experiment_ids=abc", null, null);
    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.errorCode()).isEqualTo("INVALID_PARAMETER_VALUE");
  }

  @Test
  void aFolderOfArtifactsDownloadsAsOneZip() throws Exception {
    String run = newRun("ui-zip");
    for (String[] f :
        new String[][] {{"eval/a.txt", "alpha"}, {"eval/deep/b.json", "{}"}, {"top.txt", "t"}}) {
      HttpResponse<byte[]> up =
          raw(
              "POST",
              "/ajax-api/2.0/mlflow/upload-artifact?run_uuid=" + run + "&path=" + f[0],
              f[1].getBytes(StandardCharsets.UTF_8));
      assertThat(up.statusCode()).as(text(up)).isEqualTo(200);
    }
    HttpResponse<byte[]> zip =
        raw("GET", "/ajax-api/2.0/cairn/artifacts/download-zip?run_id=" + run + "&path=eval", null);
    assertThat(zip.statusCode()).isEqualTo(200);
    assertThat(zip.headers().firstValue("Content-Disposition").orElse("")).contains("eval.zip");
    assertThat(entries(zip.body()))
        .containsExactly(Map.entry("a.txt", "alpha"), Map.entry("deep/b.json", "{}"));
    HttpResponse<byte[]> all =
        raw("GET", "/ajax-api/2.0/cairn/artifacts/download-zip?run_id=" + run, null);
    assertThat(entries(all.body())).containsKeys("eval/a.txt", "eval/deep/b.json", "top.txt");

    HttpResponse<byte[]> missing =
        raw("GET", "/ajax-api/2.0/cairn/artifacts/download-zip?run_id=" + run + "&path=nope", null);
    assertThat(missing.statusCode()).isEqualTo(404);
    assertThat(text(missing)).contains("RESOURCE_DOES_NOT_EXIST");
    HttpResponse<byte[]> file =
        raw(
            "GET",
            "/ajax-api/2.0/cairn/artifacts/download-zip?run_id=" + run + "&path=top.txt",
            null);
    assertThat(file.statusCode()).isEqualTo(404);
    HttpResponse<byte[]> escape =
        raw(
            "GET",
            "/ajax-api/2.0/cairn/artifacts/download-zip?run_id=" + run + "&path=../..",
            null);
    assertThat(escape.statusCode()).isEqualTo(400);
    assertThat(text(escape)).contains("INVALID_PARAMETER_VALUE");
    assertThat(raw("GET", "/ajax-api/2.0/cairn/artifacts/download-zip", null).statusCode())
        .isEqualTo(400);
  }

  private static Map<String, String> entries(byte[] zip) throws IOException {
    Map<String, String> out = new LinkedHashMap<>();
    try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
      ZipEntry e;
      while ((e = in.getNextEntry()) != null) {
        out.put(e.getName(), new String(in.readAllBytes(), StandardCharsets.UTF_8));
      }
    }
    return out;
  }
}
