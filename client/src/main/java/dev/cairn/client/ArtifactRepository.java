package dev.cairn.client;

import dev.cairn.core.artifacts.ArtifactEntry;
import java.nio.file.Path;
import java.util.List;

/**
 * The files under one artifact root (a run's, a logged model's): through the server's artifact
 * proxy for {@code mlflow-artifacts:} roots, or directly in the store ({@code s3://}, local paths).
 * Paths are relative to the root, with {@code /}.
 */
interface ArtifactRepository extends AutoCloseable {
  /** Stores {@code file} as {@code path}, streamed. */
  void upload(Path file, String path);

  /**
   * The entries directly under {@code dir} ({@code ""} for the root), paths relative to the root.
   */
  List<ArtifactEntry> list(String dir);

  /** Writes the file {@code path} to {@code target}. */
  void download(String path, Path target);

  @Override
  default void close() {}
}
