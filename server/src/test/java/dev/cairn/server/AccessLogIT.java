package dev.cairn.server;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** One access-log line per request, refusals by the filters included; none when turned off. */
class AccessLogIT {
  @TempDir Path dir;

  private static EdgeSettings withAccessLog(boolean on) {
    return EdgeSettings.defaults().withObservability(on, false);
  }

  @Test
  void everyRequestIsOneLineWithItsRouteAndStatus() throws Exception {
    Logger access = (Logger) LoggerFactory.getLogger("dev.cairn.access");
    ListAppender<ILoggingEvent> lines = new ListAppender<>();
    lines.start();
    access.addAppender(lines);
    Level before = access.getLevel();
    access.setLevel(Level.INFO);
    try {
      try (LiveServer s =
          LiveServer.start(
              java.nio.file.Files.createDirectories(dir.resolve("on")), withAccessLog(true))) {
        s.get("/experiments/get?experiment_id=0");
        RawHttp.get(s, "/api/2.0/mlflow/experiments/get?experiment_id=0", "Host: evil.example");
        s.get("/no/such/route");
      }
      assertThat(lines.list)
          .extracting(ILoggingEvent::getFormattedMessage)
          .anySatisfy(
              l ->
                  assertThat(l)
                      .startsWith("127.0.0.1 - \"GET /api/2.0/mlflow/experiments/get\" 200 ")
                      .contains("route=\"GET /api/2.0/mlflow/experiments/get\"")
                      .doesNotContain("experiment_id=0"))
          .anySatisfy(l -> assertThat(l).contains("\" 403 "))
          .anySatisfy(l -> assertThat(l).contains("\" 404 ").endsWith("route=\"-\""));
      int seen = lines.list.size();
      try (LiveServer s =
          LiveServer.start(
              java.nio.file.Files.createDirectories(dir.resolve("off")), withAccessLog(false))) {
        s.get("/experiments/get?experiment_id=0");
      }
      assertThat(lines.list).hasSize(seen);
    } finally {
      access.setLevel(before);
      access.detachAppender(lines);
    }
  }
}
