package dev.cairn.store.sql.transfer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Stream;

/** Reading MLflow's file store: meta.yaml files, one-file-per-key folders, metric lines. */
final class MlrunsFiles {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private MlrunsFiles() {}

  /** An id for a row the file store keeps no id for, the same on every import of the folder. */
  static String derivedId(String name) {
    return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8))
        .toString()
        .replace("-", "");
  }

  static JsonNode yaml(Path file) {
    if (!Files.isRegularFile(file)) {
      return null;
    }
    try {
      return YAML.readTree(file.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  static String text(JsonNode meta, String field, String fallback) {
    JsonNode n = meta == null ? null : meta.get(field);
    return n == null || n.isNull() ? fallback : n.asText();
  }

  static Long number(JsonNode meta, String field) {
    JsonNode n = meta.get(field);
    return n == null || n.isNull() || !n.canConvertToLong() ? null : n.asLong();
  }

  static List<Path> subdirs(Path dir) {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(Files::isDirectory).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + dir, e);
    }
  }

  /** Each file of a folder (params, tags) by name (keys may contain slashes: nested folders). */
  static Map<String, String> files(Path dir) {
    Map<String, String> out = new TreeMap<>();
    for (Map.Entry<String, Path> e : walk(dir).entrySet()) {
      try {
        out.put(e.getKey(), Files.readString(e.getValue(), StandardCharsets.UTF_8));
      } catch (IOException ex) {
        throw new UncheckedIOException("cannot read " + e.getValue(), ex);
      }
    }
    return out;
  }

  static Map<String, List<String>> lines(Path dir) {
    Map<String, List<String>> out = new TreeMap<>();
    for (Map.Entry<String, Path> e : walk(dir).entrySet()) {
      try {
        out.put(
            e.getKey(),
            Files.readAllLines(e.getValue(), StandardCharsets.UTF_8).stream()
                .filter(l -> !l.isBlank())
                .toList());
      } catch (IOException ex) {
        throw new UncheckedIOException("cannot read " + e.getValue(), ex);
      }
    }
    return out;
  }

  static Map<String, Path> walk(Path dir) {
    Map<String, Path> out = new TreeMap<>();
    if (!Files.isDirectory(dir)) {
      return out;
    }
    try (Stream<Path> s = Files.walk(dir)) {
      s.filter(Files::isRegularFile)
          .forEach(f -> out.put(dir.relativize(f).toString().replace('\\', '/'), f));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + dir, e);
    }
    return out;
  }
}
