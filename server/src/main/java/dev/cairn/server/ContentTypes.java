package dev.cairn.server;

import java.util.Locale;
import java.util.Map;

/**
 * Content types of downloaded artifacts, from the file extension. Types a browser would run (HTML,
 * SVG, JavaScript) are sent as text: artifacts are user uploads, and serving them as active content
 * on the server's origin would be stored XSS.
 */
final class ContentTypes {
  private static final Map<String, String> BY_EXTENSION =
      Map.ofEntries(
          Map.entry("txt", "text/plain"),
          Map.entry("log", "text/plain"),
          Map.entry("md", "text/plain"),
          Map.entry("csv", "text/csv"),
          Map.entry("tsv", "text/tab-separated-values"),
          Map.entry("json", "application/json"),
          Map.entry("yaml", "text/plain"),
          Map.entry("yml", "text/plain"),
          Map.entry("png", "image/png"),
          Map.entry("jpg", "image/jpeg"),
          Map.entry("jpeg", "image/jpeg"),
          Map.entry("gif", "image/gif"),
          Map.entry("bmp", "image/bmp"),
          Map.entry("webp", "image/webp"),
          Map.entry("pdf", "application/pdf"),
          Map.entry("gz", "application/gzip"),
          Map.entry("zip", "application/zip"),
          Map.entry("parquet", "application/octet-stream"));

  private ContentTypes() {}

  static String forDownload(String name) {
    int dot = name.lastIndexOf('.');
    String ext = dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
    String type = BY_EXTENSION.getOrDefault(ext, "application/octet-stream");
    return type.startsWith("text/") ? type + "; charset=utf-8" : type;
  }
}
