package dev.cairn.store.sql.transfer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

/**
 * The meta.yaml fields of MLflow's file store as the import reads them (folders and metric lines
 * are read with store-file's {@code FileTree} and {@code MetricFiles}).
 */
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
}
