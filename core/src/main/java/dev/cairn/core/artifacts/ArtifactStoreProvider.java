package dev.cairn.core.artifacts;

import java.net.URI;
import java.util.Map;
import java.util.Set;

/**
 * Opens artifact stores for some URI schemes (found through {@link java.util.ServiceLoader}; the S3
 * module provides {@code s3}). A provider may hold shared clients; it is closed with the server.
 */
public interface ArtifactStoreProvider extends AutoCloseable {

  /** The URI schemes served, e.g. {@code s3}, {@code s3a}. */
  Set<String> schemes();

  /**
   * Prepares the provider with the server's settings (MLflow's environment variables such as {@code
   * MLFLOW_S3_ENDPOINT_URL}, {@code AWS_ACCESS_KEY_ID}); called once before any {@link #open}.
   */
  void configure(Map<String, String> settings);

  /** A store rooted at {@code root}. */
  ArtifactStore open(URI root);

  @Override
  default void close() {}
}
