package dev.cairn.core.tracking;

import static dev.cairn.core.CairnException.invalid;

import java.util.regex.Pattern;

/** Field checks with MLflow's rules and messages. All failures are INVALID_PARAMETER_VALUE. */
public final class Validation {
  private Validation() {}

  // Python's \w is Unicode-aware, so is this one.
  private static final Pattern KEY_CHARS =
      Pattern.compile("^[/\\w.\\- :]*$", Pattern.UNICODE_CHARACTER_CLASS);
  private static final Pattern RUN_ID = Pattern.compile("^[a-zA-Z0-9][\\w\\-]{0,255}$");

  public static <T> T require(T value, String field) {
    if (value == null || (value instanceof String s && s.isEmpty())) {
      throw invalid(
          "Missing value for required parameter '%s'. See the API docs for more information about"
              + " request parameters.",
          field);
    }
    return value;
  }

  /** Metric, param and tag keys: MLflow's characters, no path tricks, at most 250 characters. */
  public static String key(String key, String field) {
    require(key, field);
    if (!KEY_CHARS.matcher(key).matches()) {
      throw invalid(
          "Invalid value \"%s\" for parameter '%s' supplied: Names may only contain alphanumerics,"
              + " underscores (_), dashes (-), periods (.), spaces ( ), colon(:) and slashes (/).",
          key, field);
    }
    // Keys may become file names (FileStore, artifacts): they must not resolve to another name.
    if (key.startsWith("/") || key.startsWith("..") || key.equals(".") || !isNormalPath(key)) {
      throw invalid(
          "Invalid value \"%s\" for parameter '%s' supplied: Names may be treated as files in"
              + " certain cases, and must not resolve to other names when treated as such.",
          key, field);
    }
    return maxLength(key, Limits.MAX_ENTITY_KEY_LENGTH, field);
  }

  private static boolean isNormalPath(String key) {
    for (String part : key.split("/", -1)) {
      if (part.isEmpty() || part.equals(".") || part.equals("..")) {
        return false;
      }
    }
    return true;
  }

  public static String maxLength(String value, int limit, String field) {
    if (value != null && value.length() > limit) {
      throw invalid("'%s' exceeds the maximum length of %d characters", field, limit);
    }
    return value;
  }

  /**
   * Long param and run-tag values are cut to the limit, as MLflow does by default
   * (MLFLOW_TRUNCATE_LONG_VALUES=true).
   */
  public static String truncate(String value, int limit) {
    return value != null && value.length() > limit ? value.substring(0, limit) : value;
  }

  public static String experimentId(String id) {
    require(id, "experiment_id");
    try {
      Long.parseLong(id);
      return id;
    } catch (NumberFormatException e) {
      throw invalid("Invalid experiment ID '%s'. Experiment ID must be a valid integer.", id);
    }
  }

  public static String runId(String id, String field) {
    require(id, field);
    if (!RUN_ID.matcher(id).matches()) {
      throw invalid("Invalid value \"%s\" for parameter '%s' supplied.", id, field);
    }
    return id;
  }

  public static int maxResults(Number value, int defaultValue, int limit) {
    long n = value == null ? defaultValue : value.longValue();
    if (n <= 0 || n > limit) {
      throw invalid(
          "Invalid value %d for parameter 'max_results' supplied. It must be a positive integer at"
              + " most %d.",
          n, limit);
    }
    return (int) n;
  }
}
