package dev.cairn.core.artifacts;

/**
 * One file or directory in an artifact store; {@code path} is relative to the listed root and
 * {@code size} is null for directories.
 */
public record ArtifactEntry(String path, boolean isDir, Long size) {
  public static ArtifactEntry file(String path, long size) {
    return new ArtifactEntry(path, false, size);
  }

  public static ArtifactEntry dir(String path) {
    return new ArtifactEntry(path, true, null);
  }

  /** The last segment of the path. */
  public String name() {
    return path.substring(path.lastIndexOf('/') + 1);
  }
}
