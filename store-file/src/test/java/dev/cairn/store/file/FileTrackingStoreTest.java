package dev.cairn.store.file;

import dev.cairn.core.tracking.TrackingStore;
import dev.cairn.testkit.TrackingStoreContract;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

class FileTrackingStoreTest extends TrackingStoreContract {
  @TempDir Path dir;

  @Override
  protected TrackingStore openStore() {
    return new FileTrackingStore(FileStoreRoot.open("file:" + dir.resolve("mlruns"), ROOT, 0L));
  }
}
