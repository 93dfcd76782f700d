package dev.cairn.artifacts.s3;

import dev.cairn.core.CairnException;
import dev.cairn.core.artifacts.ArtifactStore;
import dev.cairn.core.artifacts.ArtifactStoreProvider;
import java.net.URI;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * Opens {@code s3://bucket/prefix} roots. One client is shared by every store and made on first
 * use, so a server without S3 artifacts never starts the SDK.
 */
public final class S3ArtifactStoreProvider implements ArtifactStoreProvider {
  private S3Settings settings;
  private S3Client client;
  private S3Presigner presigner;

  @Override
  public Set<String> schemes() {
    return Set.of("s3");
  }

  @Override
  public void configure(Map<String, String> env) {
    this.settings = S3Settings.from(env);
  }

  @Override
  public synchronized ArtifactStore open(URI root) {
    String bucket = root.getHost();
    if (bucket == null || bucket.isBlank()) {
      throw CairnException.invalid("Invalid S3 artifact URI '%s': it names no bucket.", root);
    }
    if (client == null) {
      client = newClient(settings);
      presigner = newPresigner(settings);
    }
    String prefix = root.getPath() == null ? "" : root.getPath().replaceAll("^/+|/+$", "");
    return new S3ArtifactStore(client, presigner, bucket, prefix);
  }

  static S3Client newClient(S3Settings s) {
    var b =
        S3Client.builder()
            .httpClient(UrlConnectionHttpClient.builder().build())
            .region(Region.of(s.region()))
            .credentialsProvider(credentials(s))
            // S3-compatible servers often lack the SDK's newer default checksums
            .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
            .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
    if (s.endpoint() != null) {
      b.endpointOverride(s.endpoint()).forcePathStyle(true);
    }
    return b.build();
  }

  static S3Presigner newPresigner(S3Settings s) {
    var b =
        S3Presigner.builder()
            .region(Region.of(s.region()))
            .credentialsProvider(credentials(s))
            .serviceConfiguration(
                S3Configuration.builder().pathStyleAccessEnabled(s.endpoint() != null).build());
    if (s.endpoint() != null) {
      b.endpointOverride(s.endpoint());
    }
    return b.build();
  }

  private static AwsCredentialsProvider credentials(S3Settings s) {
    if (s.accessKey() == null) {
      return DefaultCredentialsProvider.builder().build();
    }
    return StaticCredentialsProvider.create(
        s.sessionToken() == null
            ? AwsBasicCredentials.create(s.accessKey(), s.secretKey())
            : AwsSessionCredentials.create(s.accessKey(), s.secretKey(), s.sessionToken()));
  }

  @Override
  public synchronized void close() {
    if (client != null) {
      client.close();
      presigner.close();
    }
  }
}
