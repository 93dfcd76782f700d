package dev.cairn.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.api.Endpoint.HttpMethod;
import dev.cairn.server.filters.BodyBudget;
import dev.cairn.server.filters.BodyReader;
import dev.cairn.server.http.HttpResponse;
import dev.cairn.server.routing.Access;
import dev.cairn.server.routing.Dispatcher;
import dev.cairn.server.routing.Resource;
import dev.cairn.server.routing.Route;
import dev.cairn.server.routing.RouteTable;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/** The memory of buffered bodies is bounded: when it is spent, requests wait, then get 503. */
class BodyReaderTest {
  private final CountDownLatch holding = new CountDownLatch(1);
  private final CountDownLatch release = new CountDownLatch(1);

  private final Dispatcher dispatcher =
      new Dispatcher(
          "",
          new RouteTable(
              List.of(
                  new Route(
                      HttpMethod.POST,
                      List.of("/hold"),
                      Resource.RUN,
                      Access.UPDATE,
                      Route.Body.JSON,
                      c -> {
                        holding.countDown();
                        release.await();
                        return HttpResponse.text(200, Integer.toString(c.body().length));
                      }),
                  new Route(
                      HttpMethod.POST,
                      List.of("/size"),
                      Resource.RUN,
                      Access.UPDATE,
                      Route.Body.JSON,
                      c -> HttpResponse.text(200, Integer.toString(c.body().length))))),
          List.of(
              new BodyReader(
                  1 << 20,
                  new BodyBudget(1 << 20),
                  Duration.ofSeconds(5),
                  Duration.ofMillis(300))));

  private static MemoryExchange post(String path, int bytes) {
    return MemoryExchange.of("POST", path, "x".repeat(bytes));
  }

  @Test
  void aBodyWaitsForRoomThenGets503AndPassesOnceRoomIsFreed() throws Exception {
    CompletableFuture<HttpResponse> first =
        CompletableFuture.supplyAsync(() -> dispatcher.handle(post("/hold", 900_000)));
    holding.await();
    HttpResponse refused = dispatcher.handle(post("/size", 900_000));
    assertThat(refused.status()).isEqualTo(503);
    assertThat(dispatcher.handle(post("/size", 100_000)).status())
        .as("a small body still fits beside the held one")
        .isEqualTo(200);
    release.countDown();
    assertThat(first.get().status()).isEqualTo(200);
    assertThat(dispatcher.handle(post("/size", 900_000)).status()).isEqualTo(200);
  }

  @Test
  void aBodyOverTheLimitIs413WithoutBeingRead() {
    HttpResponse r = dispatcher.handle(post("/size", (1 << 20) + 1));
    assertThat(r.status()).isEqualTo(413);
    assertThat(r.header("Connection")).isEqualTo("close");
  }
}
