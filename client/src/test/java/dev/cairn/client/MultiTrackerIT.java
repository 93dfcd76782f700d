package dev.cairn.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.api.model.Metric;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The dual-tracking guide: one MultiTracker over two servers, one of them stopped midway. */
class MultiTrackerIT {

  @Test
  void oneStoppedServerDoesNotStopTheOtherAndIsReportedByName(@TempDir Path a, @TempDir Path b) {
    try (TestServer primary = TestServer.start(a);
        TestServer secondary = TestServer.start(b)) {
      TrackerConfig config = Trackers.builder().experimentName("dual").config();
      Map<String, Tracker> backends = new LinkedHashMap<>();
      backends.put("primary", new RestTracker(primary.client(), config, true));
      backends.put(
          "secondary",
          new RestTracker(
              new CairnClient(ClientSettings.of(secondary.uri()).withRetries(0, 0), Map.of()),
              config,
              true));
      MultiTracker multi = new MultiTracker(backends);
      Run run = multi.startRun("clip-har");
      String runId = run.id();
      run.logParams(Map.of("model", Map.of("name", "ViT-B/32")));
      for (int epoch = 0; epoch < 10; epoch++) {
        if (epoch == 5) {
          run.flush();
          secondary.stop();
        }
        run.logMetric("val_acc", epoch / 10.0, epoch);
      }
      run.logText("done", "notes.txt");

      assertThatThrownBy(run::close)
          .isInstanceOf(TrackingException.class)
          .hasMessageContaining("secondary")
          .hasMessageNotContaining("primary");
      multi.close();

      try (CairnClient client = primary.client()) {
        List<Metric> history =
            StreamSupport.stream(client.getMetricHistory(runId, "val_acc").spliterator(), false)
                .toList();
        assertThat(history).hasSize(10);
        assertThat(client.getRun(runId).data().params()).hasSize(1);
        assertThat(client.artifacts().listRun(runId, "")).hasSize(1);
        assertThat(client.getRun(runId).info().status())
            .isEqualTo(dev.cairn.api.model.RunStatus.FINISHED);
      }
    }
  }
}
