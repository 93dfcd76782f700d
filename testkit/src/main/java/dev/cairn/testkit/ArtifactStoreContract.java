package dev.cairn.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.core.artifacts.ArtifactEntry;
import dev.cairn.core.artifacts.ArtifactStore;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link ArtifactStore} does. A backend runs it with a one-line subclass that opens a
 * fresh, empty store.
 */
public abstract class ArtifactStoreContract {
  protected ArtifactStore store;

  /** A new store over an empty root. */
  protected abstract ArtifactStore newStore() throws Exception;

  @BeforeEach
  void open() throws Exception {
    store = newStore();
  }

  @AfterEach
  void close() {
    store.close();
  }

  protected void put(String path, String text) throws IOException {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    store.write(path, new ByteArrayInputStream(bytes), bytes.length);
  }

  protected String get(String path, long offset) throws IOException {
    try (InputStream in = store.read(path, offset)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void writtenFileReadsBackWhole() throws IOException {
    put("a/b/c.txt", "hello");
    assertThat(get("a/b/c.txt", 0)).isEqualTo("hello");
  }

  @Test
  void readFromOffsetSkipsTheFirstBytes() throws IOException {
    put("f.txt", "0123456789");
    assertThat(get("f.txt", 7)).isEqualTo("789");
  }

  @Test
  void writeWithUnknownLengthStoresEveryByte() throws IOException {
    byte[] bytes = new byte[3 * 1024 * 1024 + 17];
    new Random(7).nextBytes(bytes);
    store.write("big.bin", new ByteArrayInputStream(bytes), -1);
    try (InputStream in = store.read("big.bin", 0)) {
      assertThat(in.readAllBytes()).isEqualTo(bytes);
    }
    assertThat(store.stat("big.bin")).isEqualTo(ArtifactEntry.file("big.bin", bytes.length));
  }

  @Test
  void writeReplacesAnExistingFile() throws IOException {
    put("f.txt", "first version");
    put("f.txt", "second");
    assertThat(get("f.txt", 0)).isEqualTo("second");
  }

  @Test
  void listShowsOneLevelSortedWithSizesForFiles() throws IOException {
    put("run/model/MLmodel", "flavors: {}");
    put("run/b.txt", "bb");
    put("run/a.txt", "a");
    assertThat(store.list("run"))
        .containsExactly(
            ArtifactEntry.file("run/a.txt", 1),
            ArtifactEntry.file("run/b.txt", 2),
            ArtifactEntry.dir("run/model"));
    assertThat(store.list("")).containsExactly(ArtifactEntry.dir("run"));
  }

  @Test
  void listOfMissingDirectoryIsEmpty() throws IOException {
    assertThat(store.list("nothing/here")).isEmpty();
  }

  @Test
  void listOfAFileIsTheFileItself() throws IOException {
    put("d/f.txt", "xyz");
    assertThat(store.list("d/f.txt")).containsExactly(ArtifactEntry.file("d/f.txt", 3));
  }

  @Test
  void statTellsFilesFromDirectoriesAndMissingPaths() throws IOException {
    put("d/f.txt", "xyz");
    assertThat(store.stat("d")).isEqualTo(ArtifactEntry.dir("d"));
    assertThat(store.stat("d/f.txt")).isEqualTo(ArtifactEntry.file("d/f.txt", 3));
    assertThat(store.stat("d/g.txt")).isNull();
  }

  @Test
  void readingAMissingFileThrowsNoSuchFile() {
    assertThatThrownBy(() -> store.read("missing.txt", 0)).isInstanceOf(NoSuchFileException.class);
  }

  @Test
  void deleteRemovesAFile() throws IOException {
    put("d/f.txt", "x");
    put("d/g.txt", "y");
    store.delete("d/f.txt");
    assertThat(store.list("d")).containsExactly(ArtifactEntry.file("d/g.txt", 1));
  }

  @Test
  void deleteRemovesADirectoryTree() throws IOException {
    put("d/e/f.txt", "x");
    put("d/g.txt", "y");
    put("keep.txt", "z");
    store.delete("d");
    assertThat(store.list("")).containsExactly(ArtifactEntry.file("keep.txt", 1));
  }

  @Test
  void deletingNothingIsNotAnError() throws IOException {
    store.delete("not/there");
    assertThat(store.list("")).isEmpty();
  }

  @Test
  void anInterruptedUploadLeavesNoFileUnderItsName() throws IOException {
    InputStream failing =
        new InputStream() {
          int sent;

          @Override
          public int read() throws IOException {
            if (sent++ > 100_000) {
              throw new IOException("client went away");
            }
            return 'x';
          }
        };
    assertThatThrownBy(() -> store.write("partial.bin", failing, 1_000_000))
        .isInstanceOf(IOException.class);
    assertThat(store.stat("partial.bin")).isNull();
    assertThat(store.list("")).isEmpty();
  }

  @Test
  void namesWithSpacesAndUnicodeRoundTrip() throws IOException {
    put("dir with space/ünï cödé+plus%41.txt", "u");
    assertThat(store.list("dir with space"))
        .containsExactly(ArtifactEntry.file("dir with space/ünï cödé+plus%41.txt", 1));
    assertThat(get("dir with space/ünï cödé+plus%41.txt", 0)).isEqualTo("u");
  }
}
