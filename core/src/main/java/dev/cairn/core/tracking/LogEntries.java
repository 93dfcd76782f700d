package dev.cairn.core.tracking;

import static dev.cairn.core.CairnException.invalid;
import static dev.cairn.core.tracking.Validation.maxLength;
import static dev.cairn.core.tracking.Validation.require;

import dev.cairn.api.model.Dataset;
import dev.cairn.api.model.DatasetInput;
import dev.cairn.api.model.Metric;
import dev.cairn.api.model.Param;
import dev.cairn.api.model.Tag;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Validates and normalises metrics, params, tags and datasets before they reach the store. */
final class LogEntries {
  private LogEntries() {}

  record Batch(List<Metric> metrics, List<Param> params, List<Tag> tags) {}

  static Batch batch(List<Metric> metrics, List<Param> params, List<Tag> tags) {
    List<Metric> m = metrics == null ? List.of() : metrics;
    List<Param> p = params == null ? List.of() : params;
    List<Tag> t = tags == null ? List.of() : tags;
    checkBatchSize(m.size(), p.size(), t.size());
    List<Metric> checkedMetrics = new ArrayList<>(m.size());
    Set<String> checkedKeys = new HashSet<>();
    for (int i = 0; i < m.size(); i++) {
      checkedMetrics.add(metric(m.get(i), i, checkedKeys));
    }
    List<Param> checkedParams = p.stream().map(LogEntries::param).toList();
    checkUniqueParamKeys(checkedParams);
    return new Batch(checkedMetrics, checkedParams, tags(t));
  }

  private static void checkBatchSize(int metrics, int params, int tags) {
    if (metrics > Limits.MAX_METRICS_PER_BATCH) {
      throw invalid(
          "A batch logging request can contain at most %d metrics. Got %d metrics. Please split"
              + " up metrics across multiple requests and try again.",
          Limits.MAX_METRICS_PER_BATCH, metrics);
    }
    if (params > Limits.MAX_PARAMS_TAGS_PER_BATCH) {
      throw invalid(
          "A batch logging request can contain at most %d params. Got %d params. Please split up"
              + " params across multiple requests and try again.",
          Limits.MAX_PARAMS_TAGS_PER_BATCH, params);
    }
    if (tags > Limits.MAX_PARAMS_TAGS_PER_BATCH) {
      throw invalid(
          "A batch logging request can contain at most %d tags. Got %d tags. Please split up"
              + " tags across multiple requests and try again.",
          Limits.MAX_PARAMS_TAGS_PER_BATCH, tags);
    }
    int total = metrics + params + tags;
    if (total > Limits.MAX_ENTITIES_PER_BATCH) {
      throw invalid(
          "A batch logging request can contain at most %d metrics, params, and tags in total. Got"
              + " %d entities. Please split up entities across multiple requests and try again.",
          Limits.MAX_ENTITIES_PER_BATCH, total);
    }
  }

  private static void checkUniqueParamKeys(List<Param> params) {
    Set<String> seen = new HashSet<>();
    Set<String> duplicates = new HashSet<>();
    for (Param p : params) {
      if (!seen.add(p.key())) {
        duplicates.add(p.key());
      }
    }
    if (!duplicates.isEmpty()) {
      throw invalid(
          "Duplicate parameter keys have been submitted: %s. Please ensure the request contains"
              + " only one param value per param key.",
          duplicates.stream().sorted().toList());
    }
  }

  /** A metric with its key checked and step defaulted to 0. */
  static Metric metric(Metric m, boolean single) {
    return metric(m, -1, new HashSet<>());
  }

  /**
   * As above; {@code checkedKeys} remembers keys already validated in this batch (a batch repeats
   * few keys).
   */
  private static Metric metric(Metric m, int index, Set<String> checkedKeys) {
    if (m.key() == null || !checkedKeys.contains(m.key())) {
      Validation.key(m.key(), prefix(index) + "key");
      checkedKeys.add(m.key());
    }
    if (m.value() == null) {
      throw invalid(
          "Missing value for required parameter '%svalue'. See the API docs for more information"
              + " about request parameters.",
          prefix(index));
    }
    if (m.timestamp() == null) {
      throw invalid(
          "Missing value for required parameter '%stimestamp'. See the API docs for more"
              + " information about request parameters.",
          prefix(index));
    }
    if (m.timestamp() < 0) {
      throw invalid(
          "Got invalid timestamp %d for metric '%s' (value=%s). Timestamp must be a nonnegative"
              + " long (64-bit integer) ",
          m.timestamp(), m.key(), m.value());
    }
    long step = m.step() == null ? 0 : m.step();
    return new Metric(
        m.key(),
        m.value(),
        m.timestamp(),
        step,
        m.datasetName(),
        m.datasetDigest(),
        m.modelId(),
        null);
  }

  /**
   * How MLflow names a field of the {@code index}th metric of a batch; nothing for a single one.
   */
  private static String prefix(int index) {
    return index < 0 ? "" : "metrics[" + index + "].";
  }

  static Param param(Param p) {
    Validation.key(p.key(), "key");
    String value = p.value() == null ? "" : p.value();
    return new Param(p.key(), Validation.truncate(value, Limits.MAX_PARAM_VAL_LENGTH));
  }

  static Tag tag(Tag t) {
    Validation.key(t.key(), "key");
    String value = t.value() == null ? "" : t.value();
    return new Tag(t.key(), Validation.truncate(value, Limits.MAX_TAG_VAL_LENGTH));
  }

  static List<Tag> tags(List<Tag> tags) {
    return tags == null ? List.of() : tags.stream().map(LogEntries::tag).toList();
  }

  static List<DatasetInput> datasets(List<DatasetInput> inputs) {
    if (inputs == null) {
      return List.of();
    }
    return inputs.stream().map(LogEntries::datasetInput).toList();
  }

  private static DatasetInput datasetInput(DatasetInput in) {
    Dataset d = require(in.dataset(), "dataset");
    maxLength(require(d.name(), "dataset.name"), Limits.MAX_DATASET_NAME_LENGTH, "name");
    maxLength(require(d.digest(), "dataset.digest"), Limits.MAX_DATASET_DIGEST_LENGTH, "digest");
    require(d.sourceType(), "dataset.source_type");
    maxLength(require(d.source(), "dataset.source"), Limits.MAX_DATASET_SOURCE_LENGTH, "source");
    maxLength(d.schema(), Limits.MAX_DATASET_SCHEMA_LENGTH, "schema");
    maxLength(d.profile(), Limits.MAX_DATASET_PROFILE_LENGTH, "profile");
    List<Tag> tags = new java.util.ArrayList<>();
    for (Tag t : in.tags() == null ? List.<Tag>of() : in.tags()) {
      maxLength(require(t.key(), "tags.key"), Limits.MAX_INPUT_TAG_KEY_LENGTH, "key");
      // An empty or missing value is "", as MLflow reads it from the request.
      String value = t.value() == null ? "" : t.value();
      maxLength(value, Limits.MAX_INPUT_TAG_VALUE_LENGTH, "value");
      tags.add(new Tag(t.key(), value));
    }
    return new DatasetInput(tags, d);
  }
}
