package dev.cairn.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.core.artifacts.ArtifactStore;
import dev.cairn.core.artifacts.LocalArtifactStore;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalArtifactStoreTest extends ArtifactStoreContract {
  @TempDir Path base;

  @Override
  protected ArtifactStore newStore() {
    return new LocalArtifactStore(base.resolve("root"));
  }

  @Test
  void aSymlinkLeavingTheRootIsRefusedForReadListWriteAndDelete() throws IOException {
    Path outside = Files.createDirectories(base.resolve("outside"));
    Files.writeString(outside.resolve("secret.txt"), "secret");
    Path root = Files.createDirectories(base.resolve("root"));
    Files.createSymbolicLink(root.resolve("evil"), outside);

    assertThatThrownBy(() -> store.read("evil/secret.txt", 0))
        .isInstanceOf(AccessDeniedException.class);
    assertThatThrownBy(() -> store.list("evil")).isInstanceOf(AccessDeniedException.class);
    assertThatThrownBy(() -> store.write("evil/new.txt", new ByteArrayInputStream(new byte[1]), 1))
        .isInstanceOf(AccessDeniedException.class);
    assertThatThrownBy(() -> store.delete("evil/secret.txt"))
        .isInstanceOf(AccessDeniedException.class);
    assertThat(outside.resolve("new.txt")).doesNotExist();
    assertThat(outside.resolve("secret.txt")).hasContent("secret");
  }

  @Test
  void aSymlinkedFileLeavingTheRootIsNotRead() throws IOException {
    Path secret = Files.writeString(base.resolve("secret.txt"), "secret");
    Path root = Files.createDirectories(base.resolve("root"));
    Files.createSymbolicLink(root.resolve("link.txt"), secret);
    assertThatThrownBy(() -> store.read("link.txt", 0)).isInstanceOf(AccessDeniedException.class);
  }

  @Test
  void uploadsDoNotLeaveTemporaryFilesBehind() throws IOException {
    put("d/f.txt", "x");
    try (var files = Files.list(base.resolve("root/d"))) {
      assertThat(files.map(p -> p.getFileName().toString())).containsExactly("f.txt");
    }
  }
}
