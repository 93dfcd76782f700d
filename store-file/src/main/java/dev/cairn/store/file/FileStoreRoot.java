package dev.cairn.store.file;

import java.net.URI;
import java.nio.file.Path;

/**
 * One MLflow file store folder opened by this process: the layout, the lock every store on it
 * shares, and the experiment and run files the tracking, logged-model, registry and gc stores use.
 */
public final class FileStoreRoot {
  private final Mlruns mlruns;
  private final FileStoreLock lock = new FileStoreLock();
  private final FileExperiments experiments;
  private final FileRuns runs;

  private FileStoreRoot(Path root, String defaultArtifactRoot) {
    this.mlruns = new Mlruns(root);
    this.experiments = new FileExperiments(mlruns, defaultArtifactRoot);
    this.runs = new FileRuns(mlruns, experiments);
  }

  /**
   * Opens (creating when missing, with the Default experiment) the folder of a backend store URI:
   * {@code file:./mlruns}, {@code file:///abs/mlruns} or a plain path.
   *
   * @param defaultArtifactRoot where new experiments' artifacts go: {@code <root>/<experiment id>}
   */
  public static FileStoreRoot open(String backendStoreUri, String defaultArtifactRoot, long now) {
    FileStoreRoot root = new FileStoreRoot(pathOf(backendStoreUri), defaultArtifactRoot);
    root.lock.write(() -> root.experiments.initialise(now));
    return root;
  }

  /** Whether a backend store URI names a file store (MLflow: {@code file:} or no scheme). */
  public static boolean isFileStore(String uri) {
    if (uri.startsWith("file:")) {
      return true;
    }
    int colon = uri.indexOf(':');
    // no scheme, or a Windows drive letter
    return colon < 0 || colon == 1 || uri.indexOf('/') >= 0 && uri.indexOf('/') < colon;
  }

  /** The folder a file store URI names (see {@link #open}). */
  public static Path pathOf(String uri) {
    if (!uri.startsWith("file:")) {
      return Path.of(uri).toAbsolutePath().normalize();
    }
    String rest = uri.substring("file:".length());
    if (rest.startsWith("//")) {
      URI parsed = URI.create(uri);
      if (parsed.getAuthority() != null && !parsed.getAuthority().equals("localhost")) {
        throw new IllegalArgumentException(
            "invalid file store URI '" + uri + "': only local paths are supported");
      }
      return Path.of(parsed.getPath()).toAbsolutePath().normalize();
    }
    return Path.of(rest).toAbsolutePath().normalize();
  }

  public Path path() {
    return mlruns.root;
  }

  Mlruns mlruns() {
    return mlruns;
  }

  FileStoreLock lock() {
    return lock;
  }

  FileExperiments experiments() {
    return experiments;
  }

  FileRuns runs() {
    return runs;
  }
}
