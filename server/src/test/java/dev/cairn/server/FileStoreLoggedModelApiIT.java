package dev.cairn.server;

import static org.assertj.core.api.Assertions.assertThat;

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
    assertThat(dir.resolve("mlruns/0/meta.yaml")).isRegularFile();
    assertThat(dir.resolve("mlflow.db")).doesNotExist();
  }
}
