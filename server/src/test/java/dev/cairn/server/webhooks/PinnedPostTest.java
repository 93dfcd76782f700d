package dev.cairn.server.webhooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.cairn.core.webhooks.WebhookUrls.Target;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Delivery connects to the addresses checked, never to a new lookup of the host name. */
class PinnedPostTest {
  private HttpServer receiver;
  private final AtomicReference<String> host = new AtomicReference<>();
  private final AtomicReference<String> body = new AtomicReference<>();

  @BeforeEach
  void start() throws IOException {
    receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    receiver.createContext(
        "/",
        ex -> {
          host.set(ex.getRequestHeaders().getFirst("Host"));
          body.set(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
          byte[] answer = "received".getBytes(StandardCharsets.UTF_8);
          ex.sendResponseHeaders(202, 0); // chunked
          ex.getResponseBody().write(answer);
          ex.close();
        });
    receiver.start();
  }

  @AfterEach
  void stop() {
    receiver.stop(0);
  }

  private Target target(String scheme) {
    // ".invalid" never resolves: the delivery can only reach the address given with it.
    return new Target(
        URI.create(scheme + "://hooks.invalid:" + receiver.getAddress().getPort() + "/hook?a=1"),
        List.of(InetAddress.getLoopbackAddress()));
  }

  @Test
  void thePostGoesToTheCheckedAddressWithTheNameAsHost() throws Exception {
    PinnedPost.Answer a =
        PinnedPost.send(
            target("http"),
            Map.of("Content-Type", "application/json"),
            "{\"x\":1}".getBytes(StandardCharsets.UTF_8),
            Duration.ofSeconds(5));
    assertThat(a.status()).isEqualTo(202);
    assertThat(a.body()).isEqualTo("received");
    assertThat(host.get()).isEqualTo("hooks.invalid:" + receiver.getAddress().getPort());
    assertThat(body.get()).isEqualTo("{\"x\":1}");
  }

  @Test
  void httpsToAPlainReceiverFailsTheHandshake() {
    assertThatThrownBy(
            () -> PinnedPost.send(target("https"), Map.of(), new byte[0], Duration.ofSeconds(1)))
        .isInstanceOf(IOException.class);
    assertThat(body.get()).isNull();
  }
}
