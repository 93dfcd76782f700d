package dev.cairn.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@link ExperimentApiIT} against a server on an MLflow file store folder ({@code
 * file:<dir>/mlruns}).
 */
class FileStoreExperimentApiIT extends ExperimentApiIT {
  @Override
  LiveServer open(Path dir) {
    return LiveServer.onDatabase(dir, "file:" + dir.resolve("mlruns"), Map.of());
  }

  @Test
  void theServerStoresIntoTheFolder() {
    assertThat(dir.resolve("mlruns/0/meta.yaml")).isRegularFile();
    assertThat(dir.resolve("mlflow.db")).doesNotExist();
  }
}
