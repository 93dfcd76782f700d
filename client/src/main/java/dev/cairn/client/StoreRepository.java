package dev.cairn.client;

import dev.cairn.core.artifacts.ArtifactEntry;
import dev.cairn.core.artifacts.ArtifactStore;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * A root the client writes itself, as MLflow's client does when the server does not proxy: {@code
 * s3://} through the S3 artifact store, local paths on this machine's disk.
 */
final class StoreRepository implements ArtifactRepository {
  private final ArtifactStore store;

  StoreRepository(ArtifactStore store) {
    this.store = store;
  }

  @Override
  public void upload(Path file, String path) {
    try (InputStream in = Files.newInputStream(file)) {
      store.write(path, in, Files.size(file));
    } catch (IOException e) {
      throw new TrackingException("Upload of " + file + " to " + path + " failed: " + e, e);
    }
  }

  @Override
  public List<ArtifactEntry> list(String dir) {
    try {
      return store.list(dir == null ? "" : dir);
    } catch (IOException e) {
      throw new TrackingException("Listing '" + dir + "' failed: " + e, e);
    }
  }

  @Override
  public void download(String path, Path target) {
    try (InputStream in = store.read(path, 0)) {
      Files.createDirectories(target.toAbsolutePath().getParent());
      Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new TrackingException("Download of " + path + " failed: " + e, e);
    }
  }

  @Override
  public void close() {
    try {
      store.close();
    } catch (Exception e) {
      throw new TrackingException("Closing the artifact store failed: " + e, e);
    }
  }
}
