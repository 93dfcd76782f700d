package dev.cairn.core.artifacts;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;

/**
 * Artifacts in a local directory. Every path is checked twice: lexically by {@link ArtifactPaths}
 * and here against the real (symlink-resolved) root, so a symlink inside the root that points
 * outside it is refused (MLflow 3.7's {@code validate_path_within_directory}). Uploads go to a
 * hidden temporary file beside the target and are renamed atomically when complete.
 */
public final class LocalArtifactStore implements ArtifactStore {
  private static final String TEMP_PREFIX = ".cairn-upload-";

  /** One fixed buffer per upload: large enough that system calls do not dominate. */
  private static final int COPY_BUFFER_BYTES = 512 * 1024;

  private final Path root;

  public LocalArtifactStore(Path root) {
    this.root = root.toAbsolutePath().normalize();
  }

  @Override
  public String rootUri() {
    return root.toUri().toString();
  }

  @Override
  public List<ArtifactEntry> list(String dir) throws IOException {
    Path target = resolve(dir);
    if (!Files.exists(target)) {
      return List.of();
    }
    if (!Files.isDirectory(target)) {
      return List.of(ArtifactEntry.file(dir, Files.size(target)));
    }
    List<ArtifactEntry> out = new ArrayList<>();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(target)) {
      for (Path p : entries) {
        String name = p.getFileName().toString();
        if (name.startsWith(TEMP_PREFIX) || leavesRoot(p)) {
          continue;
        }
        String rel = ArtifactPaths.join(dir, name);
        out.add(Files.isDirectory(p) ? ArtifactEntry.dir(rel) : ArtifactEntry.file(rel, size(p)));
      }
    }
    out.sort(Comparator.comparing(ArtifactEntry::path));
    return out;
  }

  /**
   * Whether {@code p} is a symlink to a place outside the root (or to nothing): such an entry is no
   * artifact of this store and is not listed, since reading it is refused.
   */
  private boolean leavesRoot(Path p) {
    if (!Files.isSymbolicLink(p)) {
      return false;
    }
    try {
      return !p.toRealPath().startsWith(root.toRealPath());
    } catch (IOException e) {
      return true;
    }
  }

  private static long size(Path p) {
    try {
      return Files.size(p);
    } catch (IOException e) {
      return 0;
    }
  }

  @Override
  public ArtifactEntry stat(String path) throws IOException {
    Path target = resolve(path);
    if (Files.isDirectory(target)) {
      return ArtifactEntry.dir(path);
    }
    return Files.isRegularFile(target) ? ArtifactEntry.file(path, Files.size(target)) : null;
  }

  @Override
  public InputStream read(String path, long offset) throws IOException {
    Path target = resolve(path);
    if (!Files.isRegularFile(target)) {
      throw new NoSuchFileException(path);
    }
    FileChannel channel = FileChannel.open(target, StandardOpenOption.READ);
    channel.position(offset);
    return Channels.newInputStream(channel);
  }

  @Override
  public void write(String path, InputStream in, long length) throws IOException {
    if (path.isEmpty()) {
      throw new AccessDeniedException("the artifact root is not a file");
    }
    Path target = resolve(path);
    Path parent = target.getParent();
    Files.createDirectories(parent);
    checkInsideRoot(parent);
    Path temp = parent.resolve(TEMP_PREFIX + UUID.randomUUID());
    try {
      try (OutputStream out = Files.newOutputStream(temp, StandardOpenOption.CREATE_NEW)) {
        byte[] buffer = new byte[COPY_BUFFER_BYTES];
        for (int n; (n = in.read(buffer)) >= 0; ) {
          out.write(buffer, 0, n);
        }
      }
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  @Override
  public void delete(String path) throws IOException {
    Path target = resolve(path);
    if (!Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    if (!Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
      Files.delete(target);
      return;
    }
    Files.walkFileTree(
        target,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attrs)
              throws IOException {
            Files.delete(file);
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
            if (e != null) {
              throw e;
            }
            if (!dir.equals(root)) {
              Files.delete(dir);
            }
            return FileVisitResult.CONTINUE;
          }
        });
  }

  /** The file for a sanitised relative path, refused when a symlink on the way leaves the root. */
  private Path resolve(String path) throws IOException {
    Path target = root.resolve(path).normalize();
    if (!target.startsWith(root)) {
      throw new AccessDeniedException(path);
    }
    Path existing = target;
    while (existing != null && !Files.exists(existing)) {
      existing = existing.getParent();
    }
    if (existing != null && existing.startsWith(root)) {
      checkInsideRoot(existing);
    }
    return target;
  }

  private void checkInsideRoot(Path existing) throws IOException {
    Path realRoot = Files.exists(root) ? root.toRealPath() : root;
    if (!existing.toRealPath().startsWith(realRoot)) {
      throw new AccessDeniedException(root.relativize(existing).toString());
    }
  }
}
