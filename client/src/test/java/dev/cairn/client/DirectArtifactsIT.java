package dev.cairn.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.api.model.RunInfo;
import dev.cairn.core.artifacts.ArtifactEntry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run whose artifact root is not the proxy: the client writes the store itself, through the same
 * {@code ArtifactStores} lookup that serves {@code s3://} roots.
 */
class DirectArtifactsIT {

  @Test
  void artifactsOfANonProxiedRootAreWrittenAndReadDirectly(@TempDir Path dir, @TempDir Path tmp)
      throws Exception {
    try (TestServer server = TestServer.withLocalArtifactRoot(dir);
        CairnClient client = server.client()) {
      String exp = client.createExperiment("direct");
      RunInfo run = client.createRun(exp, "direct", List.of());
      assertThat(run.artifactUri()).doesNotStartWith("mlflow-artifacts:");
      Path file = Files.writeString(tmp.resolve("metrics.csv"), "a,b\n1,2\n");
      try (Tracker tracker = Trackers.builder().trackingUri(server.uri()).build();
          Run resumed = tracker.resume(run.runId())) {
        resumed.logArtifact(file, "tables");
      }
      assertThat(dir.resolve("direct")).isDirectory();
      assertThat(client.artifacts().listRun(run.runId(), "tables"))
          .containsExactly(ArtifactEntry.file("tables/metrics.csv", 8));
      client
          .artifacts()
          .downloadUri("runs:/" + run.runId() + "/tables/metrics.csv", tmp.resolve("d"));
      assertThat(tmp.resolve("d/metrics.csv")).hasContent("a,b\n1,2\n");
    }
  }
}
