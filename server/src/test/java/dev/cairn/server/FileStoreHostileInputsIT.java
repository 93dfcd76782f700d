package dev.cairn.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * {@link HostileInputsIT} against a server on an MLflow file store folder, where keys and names
 * become paths: afterwards nothing exists beside the folder but what the server itself makes.
 */
class FileStoreHostileInputsIT extends HostileInputsIT {
  @Override
  LiveServer open(Path dir) {
    return LiveServer.onFileStore(dir);
  }

  @Test
  void theServerStoresIntoTheFolder() {
    LiveServer.assertStoredInFolder(dir);
  }

  @AfterAll
  void nothingWasWrittenOutsideTheFolder() throws Exception {
    try (Stream<Path> entries = Files.list(dir)) {
      assertThat(entries.map(p -> p.getFileName().toString()))
          .allMatch(
              name ->
                  name.equals("mlruns") || name.equals("artifacts") || name.equals("mlartifacts"));
    }
  }
}
