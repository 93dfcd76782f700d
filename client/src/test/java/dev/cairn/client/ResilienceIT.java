package dev.cairn.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.api.model.Metric;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The async tracker when the server goes away, comes back, or stops answering. */
class ResilienceIT {

  @Test
  void everyPointIsStoredExactlyOnceWhenTheServerIsKilledAndRestartedMidRun(@TempDir Path dir)
      throws Exception {
    int points = 20_000;
    try (TestServer server = TestServer.start(dir)) {
      TrackerConfig config = Trackers.builder().experimentName("restart").config();
      String runId;
      try (Tracker tracker = new RestTracker(server.patientClient(), config, true);
          Run run = tracker.startRun("survives")) {
        runId = run.id();
        for (int s = 0; s < points; s++) {
          run.logMetric("loss", 1.0 / (s + 1), s);
          if (s == points / 3) {
            run.flush();
            server.stop();
          }
          if (s == points / 2) {
            server.restart();
          }
        }
      }
      try (CairnClient client = server.client()) {
        List<Metric> history =
            StreamSupport.stream(client.getMetricHistory(runId, "loss").spliterator(), false)
                .toList();
        assertThat(history).hasSize(points);
        assertThat(history.stream().map(Metric::step).distinct().count()).isEqualTo(points);
      }
    }
  }

  /**
   * A server that accepts connections and never answers: the producer is held back once the queue
   * is full, so memory stays at the queue's capacity; when the connections fail, close() reports
   * the points that could not be stored instead of dropping them silently.
   */
  @Test
  void memoryStaysBoundedWhileTheServerStallsAndLossIsReported(@TempDir Path dir) throws Exception {
    int capacity = 2_000;
    try (TestServer real = TestServer.start(dir);
        ServerSocket stalled = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      List<Socket> held = new ArrayList<>();
      Thread acceptor =
          Thread.ofVirtual()
              .start(
                  () -> {
                    try {
                      while (true) held.add(stalled.accept());
                    } catch (IOException closed) {
                      // the test is over
                    }
                  });
      String runId;
      try (CairnClient setup = real.client()) {
        String exp = setup.createExperiment("stall");
        runId = setup.createRun(exp, "stalled", List.of()).runId();
      }
      CairnClient toStalled =
          new CairnClient(
              new ClientSettings(
                  java.net.URI.create("http://127.0.0.1:" + stalled.getLocalPort()),
                  null,
                  null,
                  null,
                  false,
                  null,
                  0,
                  0,
                  java.time.Duration.ofSeconds(30)),
              Map.of());
      TrackerConfig config =
          Trackers.builder().experimentId("0").queueCapacity(capacity).resume(runId).config();
      RestTracker tracker = new RestTracker(toStalled, config, true);
      int senders = TrackerConfig.DEFAULT_METRIC_SENDERS;
      Run run = new RestRun(tracker, toStalledRunInfo(runId), capacity, senders);
      AtomicLong logged = new AtomicLong();
      long heapBefore = usedHeap();
      Thread producer =
          Thread.ofPlatform()
              .start(
                  () -> {
                    for (int s = 0; s < 1_000_000; s++) {
                      run.logMetric("loss", s, s);
                      logged.incrementAndGet();
                    }
                  });
      Thread.sleep(2_000);
      long heldBack = logged.get();
      long heapStalled = usedHeap();
      // the queue, plus one batch taken by each sender, plus the item being put
      assertThat(heldBack).isLessThanOrEqualTo(capacity + senders * BatchSender.MAX_METRICS + 1);
      assertThat(producer.isAlive()).isTrue();
      System.getLogger("ResilienceIT")
          .log(
              System.Logger.Level.INFO,
              "stalled server: %d points accepted, heap %d KB -> %d KB"
                  .formatted(heldBack, heapBefore >> 10, heapStalled >> 10));
      stalled.close();
      held.forEach(
          s -> {
            try {
              s.close();
            } catch (IOException ignored) {
              // already gone
            }
          });
      producer.join();
      assertThatThrownBy(run::close)
          .isInstanceOf(TrackingException.class)
          .hasMessageContaining("could not be stored");
      acceptor.join();
    }
  }

  private static dev.cairn.api.model.RunInfo toStalledRunInfo(String runId) {
    return new dev.cairn.api.model.RunInfo(
        runId, runId, "stalled", "0", null, null, null, null, null, null);
  }

  private static long usedHeap() {
    System.gc();
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }
}
