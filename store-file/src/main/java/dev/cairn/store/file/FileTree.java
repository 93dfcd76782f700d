package dev.cairn.store.file;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import dev.cairn.core.CairnException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The file operations of MLflow's file store: {@code meta.yaml} files, folders holding one file per
 * key (params, tags; a key with slashes is a nested path), appended metric lines. Every whole-file
 * write goes to a temporary file in the same folder and is renamed over the target, so a reader
 * never sees half a file. The reading half is public: {@code cairn import} reads folders with it.
 */
public final class FileTree {
  static final String META = "meta.yaml";

  /**
   * SnakeYAML reads at most 3 MB of a document by default; a dataset's meta.yaml holds its profile
   * (up to 16 MiB in MLflow's schema), so the limit is raised past the largest one MLflow writes.
   */
  private static final int MAX_YAML_CODE_POINTS = 64 * 1024 * 1024;

  private static final ObjectMapper YAML =
      new ObjectMapper(
          YAMLFactory.builder()
              .loaderOptions(loaderOptions())
              .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
              .build());
  private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};

  private FileTree() {}

  private static org.yaml.snakeyaml.LoaderOptions loaderOptions() {
    org.yaml.snakeyaml.LoaderOptions options = new org.yaml.snakeyaml.LoaderOptions();
    options.setCodePointLimit(MAX_YAML_CODE_POINTS);
    return options;
  }

  /** The {@code meta.yaml} of a folder, or null when the folder has none (or an empty one). */
  static Map<String, Object> readMeta(Path dir) {
    Path file = dir.resolve(META);
    try {
      if (!Files.isRegularFile(file) || Files.size(file) == 0) {
        return null;
      }
      Map<String, Object> meta = YAML.readValue(file.toFile(), MAP);
      return meta == null ? null : new TreeMap<>(meta);
    } catch (NoSuchFileException e) {
      return null;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  /** Writes {@code meta.yaml} with sorted keys, as MLflow's {@code write_yaml} does. */
  static void writeMeta(Path dir, Map<String, Object> meta) {
    try {
      writeText(dir.resolve(META), YAML.writeValueAsString(new TreeMap<>(meta)));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + dir.resolve(META), e);
    }
  }

  static void writeText(Path file, String text) {
    try {
      Files.createDirectories(file.getParent());
      Path tmp = Files.createTempFile(file.getParent(), ".cairn-", ".tmp");
      try {
        Files.writeString(tmp, text, StandardCharsets.UTF_8);
        try {
          Files.move(
              tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
          Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
        }
      } finally {
        Files.deleteIfExists(tmp);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  static String readText(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      return null;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  /** Appends text in one write (a batch's lines of one metric land together). */
  static void append(Path file, String text) {
    try {
      Files.createDirectories(file.getParent());
      Files.writeString(
          file,
          text,
          StandardCharsets.UTF_8,
          StandardOpenOption.CREATE,
          StandardOpenOption.APPEND,
          StandardOpenOption.WRITE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  /** The non-blank lines of a file; none when it does not exist. */
  public static List<String> lines(Path file) {
    try {
      List<String> out = new ArrayList<>();
      for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
        if (!line.isBlank()) {
          out.add(line.strip());
        }
      }
      return out;
    } catch (NoSuchFileException e) {
      return List.of();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  /**
   * {@code dir/key} for a key that may hold slashes; a key that would leave {@code dir} (absolute,
   * {@code ..}) is refused, whatever validated it before.
   */
  static Path child(Path dir, String key) {
    Path resolved = dir.resolve(key).normalize();
    if (key.isEmpty() || Path.of(key).isAbsolute() || !resolved.startsWith(dir.normalize())) {
      throw CairnException.invalid("Invalid key '%s': it must be a relative path", key);
    }
    return resolved;
  }

  /** Every file under {@code dir} by its relative path with '/' separators, sorted. */
  public static Map<String, Path> files(Path dir) {
    Map<String, Path> out = new TreeMap<>();
    if (!Files.isDirectory(dir)) {
      return out;
    }
    try (Stream<Path> s = Files.walk(dir)) {
      s.filter(Files::isRegularFile)
          .filter(f -> !f.getFileName().toString().startsWith(".cairn-"))
          .forEach(f -> out.put(dir.relativize(f).toString().replace('\\', '/'), f));
    } catch (NoSuchFileException e) {
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + dir, e);
    }
    return out;
  }

  /** Each file under {@code dir} with its whole text (params and tags). */
  public static Map<String, String> keyFiles(Path dir) {
    Map<String, String> out = new TreeMap<>();
    files(dir)
        .forEach(
            (key, file) -> {
              String text = readText(file);
              if (text != null) {
                out.put(key, text);
              }
            });
    return out;
  }

  /** Each file under {@code dir} with its non-blank lines (metric files), by relative path. */
  public static Map<String, List<String>> lineFiles(Path dir) {
    Map<String, List<String>> out = new TreeMap<>();
    files(dir).forEach((key, file) -> out.put(key, lines(file)));
    return out;
  }

  public static List<Path> subdirs(Path dir) {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(Files::isDirectory).sorted().toList();
    } catch (NoSuchFileException e) {
      return List.of();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + dir, e);
    }
  }

  static void createDirectories(Path dir) {
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + dir, e);
    }
  }

  /** Deletes a file and then the folders it leaves empty, up to (not including) {@code top}. */
  static boolean deleteKeyFile(Path top, Path file) {
    try {
      if (!Files.deleteIfExists(file)) {
        return false;
      }
      for (Path p = file.getParent(); p != null && !p.equals(top) && p.startsWith(top); ) {
        try {
          Files.delete(p);
        } catch (DirectoryNotEmptyException e) {
          break;
        }
        p = p.getParent();
      }
      return true;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + file, e);
    }
  }

  static void deleteTree(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + dir, e);
    }
  }

  static void move(Path from, Path to) {
    try {
      Files.createDirectories(to.getParent());
      Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot move " + from + " to " + to, e);
    }
  }

  static String text(Map<String, Object> meta, String field) {
    Object v = meta.get(field);
    return v == null ? null : v.toString();
  }

  static Long number(Map<String, Object> meta, String field) {
    Object v = meta.get(field);
    if (v instanceof Number n) {
      return n.longValue();
    }
    if (v instanceof String s && !s.isBlank()) {
      try {
        return Long.parseLong(s.strip());
      } catch (NumberFormatException e) {
        return null;
      }
    }
    return null;
  }
}
