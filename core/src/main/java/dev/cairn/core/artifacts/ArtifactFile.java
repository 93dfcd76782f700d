package dev.cairn.core.artifacts;

/** A file found for download: its store, its path there and its size. */
public record ArtifactFile(ArtifactStore store, String path, ArtifactEntry entry) {
  public String name() {
    return entry.name();
  }

  public long size() {
    return entry.size();
  }
}
