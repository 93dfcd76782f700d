package dev.cairn.server;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** {@link RunApiIT} against a server on an MLflow file store folder ({@code file:<dir>/mlruns}). */
class FileStoreRunApiIT extends RunApiIT {
  @Override
  LiveServer open(Path dir) {
    return LiveServer.onFileStore(dir);
  }

  @Test
  void theServerStoresIntoTheFolder() {
    LiveServer.assertStoredInFolder(dir);
  }
}
