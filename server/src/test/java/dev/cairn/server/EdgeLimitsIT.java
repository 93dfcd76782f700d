package dev.cairn.server;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.server.RawHttp.Reply;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What clients may send and how slowly: bodies over the limit are refused before they are read,
 * refused connections say they close, slow headers and slow JSON bodies are cut off, and a slow but
 * progressing upload is not.
 */
class EdgeLimitsIT {
  private static final long LIMIT = 1 << 20;
  @TempDir static Path dir;
  static LiveServer server;

  @BeforeAll
  static void start() {
    server =
        LiveServer.start(
            dir,
            EdgeSettings.defaults()
                .withLimits(
                    LIMIT,
                    4 * LIMIT,
                    Duration.ofMillis(1500),
                    Duration.ofMillis(1500),
                    Duration.ofSeconds(3)));
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void aDeclaredOversizeBodyIs413BeforeAnyOfItIsSent() throws Exception {
    try (Socket socket = new Socket("127.0.0.1", server.port())) {
      socket.setSoTimeout(5_000);
      socket
          .getOutputStream()
          .write(
              ("POST /api/2.0/mlflow/runs/set-tag HTTP/1.1\r\nHost: localhost\r\n"
                      + "Content-Type: application/json\r\nContent-Length: 209715200\r\n\r\n")
                  .getBytes(UTF_8));
      long start = System.nanoTime();
      Reply r = RawHttp.read(socket.getInputStream());
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
      assertThat(r.status()).isEqualTo(413);
      assertThat(r.header("Connection")).isEqualTo("close");
      assertThat(r.body())
          .contains("\"error_code\":\"REQUEST_LIMIT_EXCEEDED\"")
          .contains("limit of 1 MB");
    }
  }

  @Test
  void aChunkedOversizeBodyIs413() throws Exception {
    String run = server.ok("/runs/create", "{}").at("/run/info/run_id").asText();
    String big =
        "{\"run_id\":\"" + run + "\",\"key\":\"k\",\"value\":\"" + "v".repeat((int) LIMIT) + "\"}";
    byte[] chunk =
        (Integer.toHexString(big.length()) + "\r\n" + big + "\r\n0\r\n\r\n").getBytes(UTF_8);
    Reply r =
        RawHttp.send(
            server,
            "POST /api/2.0/mlflow/runs/set-tag HTTP/1.1",
            List.of(
                "Host: localhost", "Content-Type: application/json", "Transfer-Encoding: chunked"),
            chunk);
    assertThat(r.status()).isEqualTo(413);
    assertThat(server.get("/runs/get?run_id=" + run).body()).doesNotContain("\"key\":\"k\"");
  }

  @Test
  void aBodyJustUnderTheLimitWithALongStringIsNoMalformedJson() {
    String run = server.ok("/runs/create", "{}").at("/run/info/run_id").asText();
    String value = "w".repeat((int) LIMIT - 200);
    assertThat(
            server
                .post(
                    "/runs/set-tag",
                    "{\"run_id\":\"" + run + "\",\"key\":\"k\",\"value\":\"" + value + "\"}")
                .status())
        .isEqualTo(200);
  }

  @Test
  void aTooLongRequestLineIs414AndSaysTheConnectionCloses() throws Exception {
    Reply r =
        RawHttp.get(
            server, "/api/2.0/mlflow/runs/get?run_id=" + "a".repeat(200_000), "Host: localhost");
    assertThat(r.status()).isEqualTo(414);
    assertThat(r.header("Connection")).isEqualTo("close");
    assertThat(r.body()).contains("\"error_code\"");
  }

  @Test
  void aClientSendingItsHeadersTooSlowlyIsCutOff() throws Exception {
    try (Socket socket = new Socket("127.0.0.1", server.port())) {
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      out.write("GET /health HTTP/1.1\r\nHost: localhost\r\nX-Slow: ".getBytes(UTF_8));
      long start = System.nanoTime();
      assertThat(dripUntilClosed(out, socket.getInputStream(), Duration.ofSeconds(8)))
          .as("the server closed the connection")
          .isTrue();
      assertThat(Duration.ofNanos(System.nanoTime() - start))
          .isBetween(Duration.ofMillis(1000), Duration.ofSeconds(6));
    }
  }

  @Test
  void aClientSendingAJsonBodyTooSlowlyIsCutOff() throws Exception {
    try (Socket socket = new Socket("127.0.0.1", server.port())) {
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      out.write(
          ("POST /api/2.0/mlflow/experiments/search HTTP/1.1\r\nHost: localhost\r\n"
                  + "Content-Type: application/json\r\nContent-Length: 1000\r\n\r\n{")
              .getBytes(UTF_8));
      assertThat(dripUntilClosed(out, socket.getInputStream(), Duration.ofSeconds(8))).isTrue();
    }
  }

  @Test
  void aSlowButProgressingUploadIsNeverCutOff() throws Exception {
    byte[] piece = new byte[512];
    int pieces = 12; // ~4 s at one piece every 350 ms: past every deadline of this server
    try (Socket socket = new Socket("127.0.0.1", server.port())) {
      socket.setSoTimeout(15_000);
      OutputStream out = socket.getOutputStream();
      out.write(
          ("PUT /api/2.0/mlflow-artifacts/artifacts/slow/big.bin HTTP/1.1\r\nHost: localhost\r\n"
                  + "Content-Length: "
                  + piece.length * pieces
                  + "\r\nConnection: close\r\n\r\n")
              .getBytes(UTF_8));
      for (int i = 0; i < pieces; i++) {
        out.write(piece);
        out.flush();
        Thread.sleep(350);
      }
      assertThat(RawHttp.read(socket.getInputStream()).status()).isEqualTo(200);
    }
    assertThat(Files.size(dir.resolve("mlartifacts/slow/big.bin"))).isEqualTo(512L * 12);
  }

  /**
   * Sends one byte every 200 ms until the server closes the connection or {@code max} passes;
   * whether it closed.
   */
  private static boolean dripUntilClosed(OutputStream out, InputStream in, Duration max)
      throws InterruptedException {
    long end = System.nanoTime() + max.toNanos();
    while (System.nanoTime() < end) {
      try {
        out.write('a');
        out.flush();
        if (in.available() > 0 && in.read() < 0) {
          return true;
        }
      } catch (SocketException closed) {
        return true;
      } catch (IOException e) {
        return true;
      }
      Thread.sleep(200);
    }
    return false;
  }
}
