package dev.cairn.cli;

/**
 * {@code CAIRN_LOG_FORMAT=json}: one JSON object per log line (logback's JSON encoder), for log
 * collectors; anything else keeps the plain text lines.
 */
final class LogFormat {
  private LogFormat() {}

  /** Chooses the logging configuration; must run before the first logger is made. */
  static void apply(String format) {
    if (format != null && format.strip().equalsIgnoreCase("json")) {
      System.setProperty("logback.configurationFile", "logback-json.xml");
    }
  }
}
