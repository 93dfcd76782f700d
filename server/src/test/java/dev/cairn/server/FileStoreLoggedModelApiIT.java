package dev.cairn.server;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * {@link LoggedModelApiIT} against a server on an MLflow file store folder ({@code
 * file:<dir>/mlruns}).
 */
class FileStoreLoggedModelApiIT extends LoggedModelApiIT {
  @Override
  LiveServer open(Path dir) {
    return LiveServer.proxying(dir, "file:" + dir.resolve("mlruns"), true, false);
  }

  @Test
  void theServerStoresIntoTheFolder() {
    LiveServer.assertStoredInFolder(dir);
  }
}
