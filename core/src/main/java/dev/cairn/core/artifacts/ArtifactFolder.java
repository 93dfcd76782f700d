package dev.cairn.core.artifacts;

import dev.cairn.api.ErrorCode;
import dev.cairn.core.CairnException;
import java.util.ArrayList;
import java.util.List;

/**
 * Every file under one folder of a run's artifacts, listed completely before any of it is sent, so
 * that a folder that cannot be read whole is refused with an error instead of a truncated download.
 *
 * @param root the folder's path in the store ({@code ""} for all of the run's artifacts)
 * @param files the files under it, depth first, with paths relative to the store
 */
public record ArtifactFolder(ArtifactStore store, String root, List<ArtifactEntry> files) {

  /** The folder {@code rawPath} of the run's artifacts. */
  static ArtifactFolder of(ArtifactService.Located dir, String rawPath, String runId) {
    ArtifactStore store = dir.store();
    if (!dir.path().isEmpty()) {
      ArtifactEntry entry = ArtifactService.io(() -> store.stat(dir.path()));
      if (entry == null || !entry.isDir()) {
        throw new CairnException(
            ErrorCode.RESOURCE_DOES_NOT_EXIST,
            "No artifact directory '" + rawPath + "' in run '" + runId + "'.");
      }
    }
    List<ArtifactEntry> files = new ArrayList<>();
    walk(store, dir.path(), files);
    return new ArtifactFolder(store, dir.path(), files);
  }

  private static void walk(ArtifactStore store, String dir, List<ArtifactEntry> out) {
    for (ArtifactEntry e : ArtifactService.io(() -> store.list(dir))) {
      if (e.path().equals(dir)) {
        continue;
      }
      if (e.isDir()) {
        walk(store, e.path(), out);
      } else {
        out.add(e);
      }
    }
  }

  /** A file's path inside the folder (its name in a zip of the folder). */
  public String relative(ArtifactEntry file) {
    return root.isEmpty() ? file.path() : file.path().substring(root.length() + 1);
  }
}
