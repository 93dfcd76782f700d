package dev.cairn.server;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.server.RawHttp.Reply;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * MLflow 3's network protections with their default settings and answers: Host checks against DNS
 * rebinding, cross-origin blocking and preflights, and the headers every answer carries.
 */
class EdgeProtectionsIT {
  private static final String SEARCH = "/api/2.0/mlflow/experiments/search?max_results=1";
  private static final String BAD_HOST =
      "Invalid Host header - possible DNS rebinding attack detected";
  @TempDir static Path dir;
  static LiveServer server;

  @BeforeAll
  static void start() {
    server = LiveServer.start(dir);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  static EdgeSettings edge(String hosts, String origins, String frame, boolean security) {
    return EdgeSettings.defaults().withNetwork(hosts, origins, frame, security);
  }

  /** A JSON call with a Host and an Origin, as a browser page would make it. */
  static Reply jsonFrom(
      LiveServer s, String method, String path, String host, String origin, String body)
      throws Exception {
    return RawHttp.send(
        s,
        method + " " + path + " HTTP/1.1",
        List.of(
            "Host: " + host,
            "Origin: " + origin,
            "Content-Type: application/json",
            "Content-Length: " + body.getBytes(UTF_8).length),
        body.getBytes(UTF_8));
  }

  /** A CORS preflight for a call of {@code method} from {@code origin}. */
  static Reply preflight(String origin, String method, String... more) throws Exception {
    List<String> headers =
        new java.util.ArrayList<>(
            List.of(
                "Host: localhost",
                "Origin: " + origin,
                "Access-Control-Request-Method: " + method));
    headers.addAll(List.of(more));
    return RawHttp.send(
        server, "OPTIONS /api/2.0/mlflow/runs/create HTTP/1.1", headers, new byte[0]);
  }

  // ---- Host ----

  @ParameterizedTest
  @ValueSource(
      strings = {
        "evil.example",
        "evil.example:5000",
        "10.attacker.example", // MLflow's text pattern 10.* lets this one in
        "192.168.evil.com:5000",
        "172.16.x.evil.net",
        "8.8.8.8",
        "localhost.evil.example",
        "127.0.0.1.evil.example"
      })
  void aRequestForAnotherHostIsRefusedAsMlflowRefusesIt(String host) throws Exception {
    Reply r = RawHttp.get(server, SEARCH, "Host: " + host);
    assertThat(r.status()).as(host).isEqualTo(403);
    assertThat(r.header("Content-Type")).startsWith("text/plain");
    assertThat(r.body()).isEqualTo(BAD_HOST);
  }

  @ParameterizedTest
  @ValueSource(strings = {"localhost:notaport", "[::1", "localhost:5000:1"})
  void aMalformedHostIsRefused(String host) throws Exception {
    // Jetty refuses some of these itself (400); none is served.
    assertThat(RawHttp.get(server, SEARCH, "Host: " + host).status()).as(host).isIn(400, 403);
  }

  @Test
  void theUiAndArtifactsAreProtectedToo() throws Exception {
    assertThat(RawHttp.get(server, "/", "Host: evil.example").status()).isEqualTo(403);
    assertThat(
            RawHttp.get(server, "/api/2.0/mlflow-artifacts/artifacts?path=", "Host: evil.example")
                .status())
        .isEqualTo(403);
    assertThat(RawHttp.get(server, "/get-artifact?run_id=x&path=a", "Host: evil.example").status())
        .isEqualTo(403);
  }

  @Test
  void aRequestWithoutHostIsRefused() throws Exception {
    Reply r = RawHttp.send(server, "GET " + SEARCH + " HTTP/1.0", List.of(), new byte[0]);
    assertThat(r.status()).isEqualTo(403);
    assertThat(r.body()).isEqualTo(BAD_HOST);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "localhost",
        "localhost:5000",
        "127.0.0.1:5000",
        "[::1]:5000",
        "0.0.0.0:5000",
        "10.1.2.3",
        "172.16.5.4:80",
        "172.31.0.1",
        "192.168.1.10:5000",
        "[fd00::1]:5000",
        "LOCALHOST:5000"
      })
  void localAndPrivateHostsAreServed(String host) throws Exception {
    Reply r = RawHttp.get(server, SEARCH, "Host: " + host);
    assertThat(r.status()).as(host).isEqualTo(200);
  }

  @ParameterizedTest
  @ValueSource(strings = {"/health", "/version"})
  void healthAndVersionAnswerAnyHost(String path) throws Exception {
    assertThat(RawHttp.get(server, path, "Host: evil.example").status()).isEqualTo(200);
  }

  // ---- Origin ----

  @Test
  void aCrossOriginTextPlainUploadIsBlockedAndWritesNothing() throws Exception {
    String run = server.ok("/runs/create", "{}").at("/run/info/run_id").asText();
    Reply r =
        RawHttp.send(
            server,
            "POST /ajax-api/2.0/mlflow/upload-artifact?run_uuid="
                + run
                + "&path=pwned.txt HTTP/1.1",
            List.of(
                "Host: 127.0.0.1",
                "Origin: http://evil.example",
                "Content-Type: text/plain",
                "Content-Length: 5"),
            "owned".getBytes(UTF_8));
    assertThat(r.status()).isEqualTo(403);
    assertThat(r.body()).isEqualTo("Cross-origin request blocked");
    try (var files = Files.walk(dir)) {
      assertThat(files.filter(p -> p.getFileName().toString().equals("pwned.txt"))).isEmpty();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"POST", "PUT", "PATCH", "DELETE"})
  void stateChangingApiCallsFromAnotherOriginAreBlocked(String method) throws Exception {
    Reply r =
        jsonFrom(
            server,
            method,
            "/api/2.0/mlflow/experiments/create",
            "localhost",
            "https://evil.example",
            "{\"name\":\"x\"}");
    assertThat(r.status()).isEqualTo(403);
    assertThat(r.body()).isEqualTo("Cross-origin request blocked");
  }

  @Test
  void aReadFromAnotherOriginIsAnsweredWithoutLettingItsPageReadIt() throws Exception {
    Reply r = RawHttp.get(server, SEARCH, "Host: localhost", "Origin: http://evil.example");
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.header("Access-Control-Allow-Origin")).isNull();
  }

  @ParameterizedTest
  @ValueSource(strings = {"http://localhost:3000", "http://127.0.0.1:5173", "http://[::1]:8080"})
  void localOriginsMayCallAndRead(String origin) throws Exception {
    Reply r =
        jsonFrom(server, "POST", "/api/2.0/mlflow/experiments/search", "localhost", origin, "{}");
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.header("Access-Control-Allow-Origin")).isEqualTo(origin);
    assertThat(r.header("Access-Control-Allow-Credentials")).isEqualTo("true");
  }

  @Test
  void aPreflightFromALocalOriginIsAnsweredAsMlflowAnswersIt() throws Exception {
    Reply r =
        preflight(
            "http://localhost:3000", "POST", "Access-Control-Request-Headers: content-type,x-foo");
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.body()).isEqualTo("OK");
    assertThat(r.header("Access-Control-Allow-Origin")).isEqualTo("http://localhost:3000");
    assertThat(r.header("Access-Control-Allow-Methods"))
        .isEqualTo("GET, POST, PUT, DELETE, OPTIONS, PATCH");
    assertThat(r.header("Access-Control-Allow-Headers")).isEqualTo("content-type,x-foo");
    assertThat(r.header("Access-Control-Max-Age")).isEqualTo("600");
  }

  @Test
  void aPreflightFromAnotherOriginOrForAnUnknownMethodIsRefused() throws Exception {
    Reply evil = preflight("http://evil.example", "POST");
    assertThat(evil.status()).isEqualTo(400);
    assertThat(evil.body()).isEqualTo("Disallowed CORS origin");
    assertThat(evil.header("Access-Control-Allow-Origin")).isNull();
    Reply method = preflight("http://localhost:3000", "TRACE");
    assertThat(method.status()).isEqualTo(400);
    assertThat(method.body()).isEqualTo("Disallowed CORS method");
  }

  // ---- headers ----

  @ParameterizedTest
  @ValueSource(
      strings = {
        SEARCH,
        "/api/2.0/mlflow/runs/get?run_id=nope",
        "/api/2.0/mlflow/no-such-route",
        "/health",
        "/"
      })
  void everyAnswerCarriesNosniffAndSameOriginFraming(String path) throws Exception {
    Reply r = RawHttp.get(server, path, "Host: localhost");
    assertThat(r.header("X-Content-Type-Options")).as(path).isEqualTo("nosniff");
    assertThat(r.header("X-Frame-Options")).as(path).isEqualTo("SAMEORIGIN");
  }

  @Test
  void theUiPageHasAStrictContentSecurityPolicy() throws Exception {
    Reply r = RawHttp.get(server, "/", "Host: localhost");
    assertThat(r.header("Content-Security-Policy"))
        .contains("default-src 'self'")
        .contains("script-src 'self';")
        .contains("object-src 'none'")
        .contains("frame-ancestors 'self'")
        .doesNotContain("unsafe-eval");
  }

  // ---- settings ----

  @Test
  void listedHostsReplaceTheDefaultsAndMatchAnyPortAndWildcards(@TempDir Path other)
      throws Exception {
    try (LiveServer s =
        LiveServer.start(other, edge("mlflow.example.com, *.corp.example", null, null, true))) {
      assertThat(RawHttp.get(s, SEARCH, "Host: mlflow.example.com:5000").status()).isEqualTo(200);
      assertThat(RawHttp.get(s, SEARCH, "Host: mlflow.example.com").status()).isEqualTo(200);
      assertThat(RawHttp.get(s, SEARCH, "Host: a.corp.example").status()).isEqualTo(200);
      assertThat(RawHttp.get(s, SEARCH, "Host: localhost").status()).isEqualTo(403);
      assertThat(RawHttp.get(s, SEARCH, "Host: corp.example.evil").status()).isEqualTo(403);
    }
  }

  @Test
  void aListedOriginMayCallAndReadAndFramingFollowsTheSetting(@TempDir Path other)
      throws Exception {
    try (LiveServer s =
        LiveServer.start(other, edge("*", "https://app.example.com", "DENY", true))) {
      Reply r =
          jsonFrom(
              s,
              "POST",
              "/api/2.0/mlflow/experiments/search",
              "anything.example",
              "https://app.example.com",
              "{}");
      assertThat(r.status()).isEqualTo(200);
      assertThat(r.header("Access-Control-Allow-Origin")).isEqualTo("https://app.example.com");
      assertThat(r.header("X-Frame-Options")).isEqualTo("DENY");
      Reply other2 =
          jsonFrom(
              s,
              "POST",
              "/api/2.0/mlflow/experiments/search",
              "localhost",
              "https://evil.example",
              "{}");
      assertThat(other2.status()).isEqualTo(403);
    }
  }

  @Test
  void frameOptionsNoneSendsNoHeaderAndAWildcardOriginReadsWithoutCredentials(@TempDir Path other)
      throws Exception {
    try (LiveServer s = LiveServer.start(other, edge(null, "*", "NONE", true))) {
      Reply r = RawHttp.get(s, SEARCH, "Host: localhost", "Origin: https://any.example");
      assertThat(r.status()).isEqualTo(200);
      assertThat(r.header("X-Frame-Options")).isNull();
      assertThat(r.header("X-Content-Type-Options")).isEqualTo("nosniff");
      assertThat(r.header("Access-Control-Allow-Origin")).isEqualTo("*");
      assertThat(r.header("Access-Control-Allow-Credentials")).isNull();
    }
  }

  @Test
  void withTheMiddlewareDisabledAnyHostAndOriginIsServed(@TempDir Path other) throws Exception {
    try (LiveServer s = LiveServer.start(other, edge(null, null, null, false))) {
      assertThat(RawHttp.get(s, SEARCH, "Host: evil.example").status()).isEqualTo(200);
      Reply r =
          jsonFrom(
              s,
              "POST",
              "/api/2.0/mlflow/experiments/search",
              "evil.example",
              "https://evil.example",
              "{}");
      assertThat(r.status()).isEqualTo(200);
      assertThat(r.header("X-Frame-Options")).isNull();
    }
  }
}
