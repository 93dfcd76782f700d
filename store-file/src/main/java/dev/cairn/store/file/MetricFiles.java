package dev.cairn.store.file;

import dev.cairn.api.model.Metric;
import dev.cairn.core.CairnException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Metric files of MLflow's file store: one file per key, one line per point, {@code "<timestamp>
 * <value> <step>"}, with {@code " <dataset name> <dataset digest>"} when the point names a dataset
 * (very old files have no step). Logged models' metric files carry the run id after the step. The
 * line parsers are public: {@code cairn import} reads metric files with them.
 */
public final class MetricFiles {
  /** History order of the SQL stores: timestamp, step, stored value (NaN as 0), NaN flag. */
  static final Comparator<Metric> HISTORY_ORDER =
      Comparator.comparingLong(Metric::timestamp)
          .thenComparingLong(Metric::step)
          .thenComparingDouble(MetricFiles::storedValue)
          .thenComparing(m -> m.value().isNaN());

  /** The latest point of a key: highest step, then timestamp, then value. */
  static final Comparator<Metric> LATEST_ORDER =
      Comparator.comparingLong(Metric::step)
          .thenComparingLong(Metric::timestamp)
          .thenComparingDouble(MetricFiles::storedValue);

  private MetricFiles() {}

  static double storedValue(Metric m) {
    return m.value().isNaN() ? 0 : m.value();
  }

  /** One line per point, as MLflow appends them. */
  static String runLine(Metric m) {
    StringBuilder b = new StringBuilder();
    b.append(m.timestamp()).append(' ').append(format(m.value())).append(' ').append(m.step());
    if (m.datasetName() != null && m.datasetDigest() != null) {
      b.append(' ').append(m.datasetName()).append(' ').append(m.datasetDigest());
    }
    return b.append('\n').toString();
  }

  /** A logged model's line: the run id follows the step. */
  static String modelLine(Metric m, String runId) {
    StringBuilder b = new StringBuilder();
    b.append(m.timestamp()).append(' ').append(format(m.value())).append(' ').append(m.step());
    b.append(' ').append(runId);
    if (m.datasetName() != null && m.datasetDigest() != null) {
      b.append(' ').append(m.datasetName()).append(' ').append(m.datasetDigest());
    }
    return b.append('\n').toString();
  }

  /**
   * NaN in Python's spelling, so that MLflow's {@code float()} reads it. Infinities are stored as
   * the largest finite doubles, as on Cairn's (and MLflow's) SQL stores; MLflow's file store would
   * write "inf", which {@link #parseValue} reads.
   */
  static String format(double v) {
    if (Double.isNaN(v)) {
      return "nan";
    }
    if (Double.isInfinite(v)) {
      return Double.toString(v > 0 ? Double.MAX_VALUE : -Double.MAX_VALUE);
    }
    return Double.toString(v);
  }

  static double parseValue(String s) {
    return switch (s.toLowerCase(java.util.Locale.ROOT)) {
      case "nan", "+nan", "-nan" -> Double.NaN;
      case "inf", "+inf", "infinity", "+infinity" -> Double.POSITIVE_INFINITY;
      case "-inf", "-infinity" -> Double.NEGATIVE_INFINITY;
      default -> Double.parseDouble(s);
    };
  }

  /**
   * The distinct points of a run's metric file in history order (identical points logged twice are
   * one point, as in the SQL stores where they share a primary key).
   */
  static List<Metric> history(Path file, String key) {
    Set<Metric> points = new LinkedHashSet<>();
    for (String line : FileTree.lines(file)) {
      points.add(parseRunLine(key, line));
    }
    List<Metric> sorted = new ArrayList<>(points);
    sorted.sort(HISTORY_ORDER);
    return sorted;
  }

  /**
   * @throws CairnException INTERNAL_ERROR for a line that is not a metric point
   */
  public static Metric parseRunLine(String key, String line) {
    String[] parts = line.split(" ");
    if (parts.length != 2 && parts.length != 3 && parts.length != 5) {
      throw malformed(key, parts.length);
    }
    try {
      long ts = Long.parseLong(parts[0]);
      double value = parseValue(parts[1]);
      long step = parts.length >= 3 ? Long.parseLong(parts[2]) : 0;
      return parts.length == 5
          ? new Metric(key, value, ts, step, parts[3], parts[4], null, null)
          : Metric.of(key, value, ts, step);
    } catch (NumberFormatException e) {
      throw malformed(key, parts.length);
    }
  }

  /** A model metric line: timestamp, value, step, run id, and optionally the dataset. */
  public static Metric parseModelLine(String key, String modelId, String line) {
    String[] parts = line.split(" ");
    if (parts.length != 4 && parts.length != 6) {
      throw malformed(key, parts.length);
    }
    try {
      return new Metric(
          key,
          parseValue(parts[1]),
          Long.parseLong(parts[0]),
          Long.parseLong(parts[2]),
          parts.length == 6 ? parts[4] : null,
          parts.length == 6 ? parts[5] : null,
          modelId,
          parts[3]);
    } catch (NumberFormatException e) {
      throw malformed(key, parts.length);
    }
  }

  /** The latest point of each metric file of a folder, by key. */
  static List<Metric> latest(Path metricsDir) {
    List<Metric> out = new ArrayList<>();
    FileTree.lineFiles(metricsDir)
        .forEach(
            (key, lines) -> {
              Metric best = null;
              for (String line : lines) {
                Metric m = parseRunLine(key, line);
                if (best == null || LATEST_ORDER.compare(m, best) > 0) {
                  best = m;
                }
              }
              if (best != null) {
                out.add(Metric.of(best.key(), best.value(), best.timestamp(), best.step()));
              }
            });
    return out;
  }

  private static CairnException malformed(String key, int fields) {
    return new CairnException(
        dev.cairn.api.ErrorCode.INTERNAL_ERROR,
        String.format(
            "Metric '%s' is malformed; persisted metric data contained %d fields. Expected 2, 3,"
                + " or 5 fields.",
            key, fields));
  }
}
