package dev.cairn.artifacts.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.core.artifacts.ArtifactEntry;
import dev.cairn.core.artifacts.ArtifactStore;
import dev.cairn.core.artifacts.ArtifactStores;
import dev.cairn.core.artifacts.MultipartUpload;
import dev.cairn.testkit.ArtifactStoreContract;
import dev.cairn.testkit.GeneratedBytes;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The artifact-store contract on S3, against s3proxy running in this JVM. */
class S3ArtifactStoreTest extends ArtifactStoreContract {
  static Path dir;
  static S3ProxyServer s3;
  static ArtifactStores stores;

  @BeforeAll
  static void startS3() throws Exception {
    dir = Files.createTempDirectory("s3proxy");
    Files.createDirectories(dir.resolve("bucket"));
    s3 = new S3ProxyServer(dir);
    stores = new ArtifactStores(s3.environment());
  }

  @AfterAll
  static void stopS3() throws Exception {
    stores.close();
    s3.close();
  }

  /** Each test gets its own prefix in the bucket: a fresh, empty root. */
  @Override
  protected ArtifactStore newStore() {
    return stores.open("s3://bucket/runs/" + UUID.randomUUID());
  }

  @Test
  void rootUriNamesBucketAndPrefix() {
    assertThat(stores.open("s3://bucket/a/b/").rootUri()).isEqualTo("s3://bucket/a/b");
  }

  @Test
  void aLargeStreamOfUnknownLengthGoesUpInPartsAndReadsBackEqual() throws Exception {
    long size = 100L * 1024 * 1024 + 12345;
    GeneratedBytes body = new GeneratedBytes(size, 7);
    store.write("big/model.bin", body, -1);
    assertThat(store.stat("big/model.bin")).isEqualTo(ArtifactEntry.file("big/model.bin", size));
    assertThat(GeneratedBytes.crcOf(store.read("big/model.bin", 0))).isEqualTo(body.crc());
  }

  @Test
  void presignedMultipartUploadCompletesIntoOneObject() throws Exception {
    MultipartUpload upload = store.createMultipartUpload("mpu/file.bin", 2);
    assertThat(upload.credentials()).hasSize(2);
    HttpClient http = HttpClient.newHttpClient();
    byte[] part1 = new byte[5 * 1024 * 1024];
    java.util.Arrays.fill(part1, (byte) 'a');
    byte[] part2 = "tail".getBytes();
    List<MultipartUpload.Part> parts = new ArrayList<>();
    byte[][] bodies = {part1, part2};
    for (MultipartUpload.Credential c : upload.credentials()) {
      HttpResponse<String> r =
          http.send(
              HttpRequest.newBuilder(URI.create(c.url()))
                  .PUT(HttpRequest.BodyPublishers.ofByteArray(bodies[c.partNumber() - 1]))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
      parts.add(
          new MultipartUpload.Part(
              c.partNumber(), r.headers().firstValue("ETag").orElseThrow(), c.url()));
    }
    store.completeMultipartUpload("mpu/file.bin", upload.uploadId(), parts);
    assertThat(store.stat("mpu/file.bin").size()).isEqualTo(part1.length + part2.length);
    try (InputStream in = store.read("mpu/file.bin", part1.length)) {
      assertThat(new String(in.readAllBytes())).isEqualTo("tail");
    }
  }

  @Test
  void abortedMultipartUploadLeavesNothing() throws Exception {
    MultipartUpload upload = store.createMultipartUpload("gone/file.bin", 1);
    store.abortMultipartUpload("gone/file.bin", upload.uploadId());
    assertThat(store.stat("gone/file.bin")).isNull();
  }

  @Test
  void settingsFollowMlflowsVariables() {
    S3Settings s =
        S3Settings.from(
            Map.of("MLFLOW_S3_ENDPOINT_URL", "http://minio:9000", "AWS_REGION", "eu-west-1"));
    assertThat(s.endpoint()).isEqualTo(URI.create("http://minio:9000"));
    assertThat(s.region()).isEqualTo("eu-west-1");
    assertThat(S3Settings.from(Map.of()).region()).isEqualTo("us-east-1");
    assertThatThrownBy(() -> S3Settings.from(Map.of("AWS_ACCESS_KEY_ID", "only-the-key")))
        .hasMessageContaining("AWS_SECRET_ACCESS_KEY");
    assertThatThrownBy(() -> S3Settings.from(Map.of("MLFLOW_S3_ENDPOINT_URL", "minio")))
        .hasMessageContaining("MLFLOW_S3_ENDPOINT_URL");
  }

  @Test
  void missingFileReadsAsNoSuchFile() {
    assertThatThrownBy(() -> store.read("no/such/file", 0))
        .isInstanceOf(java.nio.file.NoSuchFileException.class);
  }
}
