package dev.cairn.core.artifacts;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/**
 * Files under one root (a local directory, an S3 prefix). Paths are relative, already sanitised by
 * {@link ArtifactPaths#relative} ({@code ""} is the root), with forward slashes. Implementations
 * stream: memory does not grow with file size. Thread-safe.
 */
public interface ArtifactStore extends AutoCloseable {

  /** The root as a URI, e.g. {@code file:///data/artifacts} or {@code s3://bucket/prefix}. */
  String rootUri();

  /**
   * The entries directly under {@code dir}, sorted by path, with paths relative to the root. A
   * missing directory lists as empty; a file lists as itself.
   */
  List<ArtifactEntry> list(String dir) throws IOException;

  /** The file or directory at {@code path}, or null when nothing is there. */
  ArtifactEntry stat(String path) throws IOException;

  /**
   * Reads {@code path} from byte {@code offset} to its end.
   *
   * @throws java.nio.file.NoSuchFileException when the file does not exist
   */
  InputStream read(String path, long offset) throws IOException;

  /**
   * Writes {@code in} to {@code path}, replacing a file there, creating parent directories. The
   * file appears under its name only once complete: an interrupted write leaves nothing (or the
   * previous file) under that name.
   *
   * @param length the number of bytes, or -1 when unknown
   */
  void write(String path, InputStream in, long length) throws IOException;

  /** Deletes the file or the directory tree at {@code path}; nothing there is not an error. */
  void delete(String path) throws IOException;

  /**
   * Starts a multipart upload to {@code path} with presigned part URLs, for stores that have them.
   *
   * @throws UnsupportedOperationException when the store has no multipart uploads (local files)
   */
  default MultipartUpload createMultipartUpload(String path, int numParts) throws IOException {
    throw new UnsupportedOperationException("multipart upload");
  }

  /** Completes a multipart upload with the parts' ETags. */
  default void completeMultipartUpload(
      String path, String uploadId, List<MultipartUpload.Part> parts) throws IOException {
    throw new UnsupportedOperationException("multipart upload");
  }

  /** Aborts a multipart upload. */
  default void abortMultipartUpload(String path, String uploadId) throws IOException {
    throw new UnsupportedOperationException("multipart upload");
  }

  @Override
  default void close() {}
}
