package dev.cairn.client.tensorboard;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * A TensorBoard log folder as a tree of runs: every folder holding event files (a name containing
 * {@code tfevents}, as TensorBoard finds them) is a run, nested under the closest folder above it
 * that is a run; the log folder itself is always the root run, even without event files of its own.
 *
 * @param path the folder
 * @param name the run's name: the log folder's name for the root, else the path from the parent
 *     run's folder ({@code eval}, {@code sweep/trial-3})
 * @param files the folder's event files in name order (the writers' start times)
 * @param children the runs nested under this one, in path order
 */
public record LogFolder(Path path, String name, List<Path> files, List<LogFolder> children) {

  /**
   * Scans {@code logdir}.
   *
   * @throws IOException when it is not a readable folder
   */
  public static LogFolder scan(Path logdir) throws IOException {
    if (!Files.isDirectory(logdir)) {
      throw new IOException("Not a folder: " + logdir);
    }
    Map<Path, List<Path>> byFolder = new TreeMap<>();
    try (Stream<Path> walk = Files.walk(logdir)) {
      walk.filter(p -> Files.isRegularFile(p) && p.getFileName().toString().contains("tfevents"))
          .forEach(p -> byFolder.computeIfAbsent(p.getParent(), f -> new ArrayList<>()).add(p));
    }
    byFolder.values().forEach(files -> files.sort(Comparator.comparing(Path::getFileName)));
    String rootName = logdir.toAbsolutePath().normalize().getFileName().toString();
    return build(logdir, rootName, byFolder);
  }

  private static LogFolder build(Path folder, String name, Map<Path, List<Path>> byFolder) {
    List<LogFolder> children = new ArrayList<>();
    for (Path sub : byFolder.keySet()) {
      if (!sub.equals(folder) && sub.startsWith(folder) && closestRun(sub, byFolder, folder)) {
        String rel = folder.relativize(sub).toString().replace('\\', '/');
        children.add(build(sub, rel, byFolder));
      }
    }
    return new LogFolder(folder, name, byFolder.getOrDefault(folder, List.of()), children);
  }

  /** No run folder between {@code folder} and {@code run}. */
  private static boolean closestRun(Path folder, Map<Path, List<Path>> byFolder, Path run) {
    for (Path p = folder.getParent(); p != null && !p.equals(run); p = p.getParent()) {
      if (byFolder.containsKey(p)) {
        return false;
      }
    }
    return true;
  }

  /** The bytes of this run's event files and its children's. */
  public long bytes() throws IOException {
    long total = 0;
    for (Path f : files) {
      total += Files.size(f);
    }
    for (LogFolder c : children) {
      total += c.bytes();
    }
    return total;
  }

  /** This run and all nested under it. */
  public int runs() {
    return 1 + children.stream().mapToInt(LogFolder::runs).sum();
  }
}
