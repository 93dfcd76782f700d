package dev.cairn.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.server.CairnServer;
import dev.cairn.server.EdgeSettings;
import dev.cairn.server.ServerConfig;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A server whose runs have {@code s3://} artifact roots and does not proxy them: the client uploads
 * to and downloads from S3 itself (a real S3-compatible server, s3proxy, in this JVM).
 */
class S3ArtifactsIT {

  @Test
  void artifactsOfAnS3RootGoStraightToS3(@TempDir Path dir, @TempDir Path tmp) throws Exception {
    Files.createDirectories(dir.resolve("blobs/bucket"));
    S3Proxy proxy =
        S3Proxy.builder()
            .blobStore(new FilesystemNio2BlobStore(dir.resolve("blobs").toString()))
            .endpoint(URI.create("http://127.0.0.1:0"))
            .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, "access", "secret-key")
            .build();
    proxy.start();
    while (!proxy.getState().equals("STARTED")) {
      Thread.sleep(10);
    }
    Map<String, String> s3 =
        Map.of(
            "MLFLOW_S3_ENDPOINT_URL", "http://127.0.0.1:" + proxy.getPort(),
            "AWS_ACCESS_KEY_ID", "access",
            "AWS_SECRET_ACCESS_KEY", "secret-key");
    try (CairnServer server =
        CairnServer.start(
            new ServerConfig(
                "sqlite:///" + dir.resolve("mlflow.db").toAbsolutePath(),
                "s3://bucket/root",
                "127.0.0.1",
                0,
                "",
                false,
                dir.resolve("mlartifacts").toString(),
                false,
                s3,
                EdgeSettings.defaults()))) {
      String uri = "http://127.0.0.1:" + server.port();
      Path file = Files.writeString(tmp.resolve("weights.txt"), "w=1");
      String runId;
      try (Tracker tracker = Trackers.builder().environment(s3).trackingUri(uri).build();
          Run run = tracker.startRun("s3")) {
        runId = run.id();
        run.logArtifact(file, "model");
      }
      try (CairnClient client = new CairnClient(ClientSettings.of(uri), s3)) {
        assertThat(client.getRun(runId).info().artifactUri()).startsWith("s3://bucket/root/");
        assertThat(client.artifacts().listRun(runId, "model")).hasSize(1);
        List<Path> got =
            client.artifacts().downloadUri("runs:/" + runId + "/model", tmp.resolve("d"));
        assertThat(got).hasSize(1);
        assertThat(tmp.resolve("d/weights.txt")).hasContent("w=1");
      }
    } finally {
      proxy.stop();
    }
  }
}
