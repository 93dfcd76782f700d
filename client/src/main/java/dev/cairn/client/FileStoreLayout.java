package dev.cairn.client;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * MLflow's file-store layout ({@code mlruns/}), the part an offline run writes and a sync reads:
 * {@code <exp>/meta.yaml}, {@code <exp>/<run>/meta.yaml}, {@code metrics/<key>} (lines {@code
 * "<timestamp> <value> <step>"}), {@code params/<key>}, {@code tags/<key>}, {@code artifacts/}. The
 * YAML written is the flat subset MLflow writes; {@link #readMeta} reads only that subset.
 */
final class FileStoreLayout {
  private FileStoreLayout() {}

  static void writeExperimentMeta(Path dir, String id, String name, long now) {
    write(
        dir.resolve("meta.yaml"),
        """
        artifact_location: %s
        creation_time: %d
        experiment_id: '%s'
        last_update_time: %d
        lifecycle_stage: active
        name: %s
        """
            .formatted(dir.toUri(), now, id, now, quote(name)));
  }

  static void writeRunMeta(
      Path dir, String expId, String runId, String name, int status, long start, Long end) {
    write(
        dir.resolve("meta.yaml"),
        """
        artifact_uri: %s
        end_time: %s
        entry_point_name: ''
        experiment_id: '%s'
        lifecycle_stage: active
        run_id: %s
        run_name: %s
        run_uuid: %s
        source_name: ''
        source_type: 4
        source_version: ''
        start_time: %d
        status: %d
        tags: []
        user_id: %s
        """
            .formatted(
                dir.resolve("artifacts").toUri(),
                end == null ? "null" : end.toString(),
                expId,
                runId,
                quote(name),
                runId,
                start,
                status,
                quote(System.getProperty("user.name", "unknown"))));
  }

  /** Reads {@code key: value} lines (quotes removed; {@code null} for YAML null). */
  static Map<String, String> readMeta(Path file) {
    Map<String, String> out = new LinkedHashMap<>();
    try {
      for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
        int colon = line.indexOf(": ");
        if (colon > 0 && !line.startsWith(" ")) {
          out.put(line.substring(0, colon), unquote(line.substring(colon + 2).trim()));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }

  static void appendMetric(Path runDir, String key, double value, long timestamp, long step) {
    Path file = runDir.resolve("metrics").resolve(key);
    String line = timestamp + " " + formatDouble(value) + " " + step + "\n";
    try {
      Files.createDirectories(file.getParent());
      Files.writeString(
          file,
          line,
          StandardOpenOption.CREATE,
          StandardOpenOption.APPEND,
          StandardOpenOption.WRITE);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Python's float repr for the special values, as MLflow's file store writes them. */
  static String formatDouble(double v) {
    if (Double.isNaN(v)) return "nan";
    if (Double.isInfinite(v)) return v > 0 ? "inf" : "-inf";
    return Double.toString(v);
  }

  static double parseDouble(String s) {
    return switch (s) {
      case "nan" -> Double.NaN;
      case "inf" -> Double.POSITIVE_INFINITY;
      case "-inf" -> Double.NEGATIVE_INFINITY;
      default -> Double.parseDouble(s);
    };
  }

  static void write(Path file, String content) {
    try {
      Files.createDirectories(file.getParent());
      Files.writeString(file, content, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static List<String> lines(Path file) {
    try {
      return Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A YAML single-quoted scalar (MLflow's yaml.safe_dump quotes when needed; this always does). */
  static String quote(String s) {
    return "'" + s.replace("'", "''") + "'";
  }

  private static String unquote(String s) {
    if (s.equals("null")) return null;
    if (s.length() >= 2 && s.startsWith("'") && s.endsWith("'")) {
      return s.substring(1, s.length() - 1).replace("''", "'");
    }
    if (s.length() >= 2 && s.startsWith("\"") && s.endsWith("\"")) {
      return s.substring(1, s.length() - 1);
    }
    return s;
  }
}
