package dev.cairn.server;

import dev.cairn.server.ApiHandler.Answer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The web UI's files, built by the module {@code ui} into {@code dev/cairn/ui/} on the classpath:
 * the page at {@code /} (as MLflow's) and its bundles under {@code /static-files/}. Bundle names
 * carry a content hash, so they are cached for good; the page itself is revalidated.
 */
final class StaticUi {
  private static final String ROOT = "dev/cairn/ui/";
  private static final String ASSETS = "/static-files/";
  private static final Map<String, String> TYPES =
      Map.of(
          "html", "text/html; charset=utf-8",
          "js", "text/javascript; charset=utf-8",
          "css", "text/css; charset=utf-8",
          "svg", "image/svg+xml",
          "png", "image/png",
          "ico", "image/x-icon",
          "woff2", "font/woff2",
          "json", "application/json");

  private final ClassLoader loader = StaticUi.class.getClassLoader();
  private final Map<String, byte[]> files = new ConcurrentHashMap<>();

  /** The answer for a UI path, or null when the path is not the UI's. */
  Answer answer(String path) {
    if (path.isEmpty() || path.equals("/") || path.equals("/index.html")) {
      return read("index.html")
          .map(b -> answer(b, "index.html", "no-cache"))
          .orElseGet(
              () ->
                  text(
                      404,
                      "This Cairn server was built without its web UI (module ui). The REST API"
                          + " is served under /api/2.0/."));
    }
    if (!path.startsWith(ASSETS)) {
      return null;
    }
    String name = path.substring(1);
    if (name.contains("..") || name.contains("\\") || name.contains("//")) {
      return text(404, "No such file.");
    }
    return read(name)
        .map(b -> answer(b, name, "public, max-age=31536000, immutable"))
        .orElseGet(() -> text(404, "No such file."));
  }

  /**
   * A UI file, kept in memory once read; a missing name is not remembered (names come from
   * clients).
   */
  private Optional<byte[]> read(String name) {
    byte[] cached = files.get(name);
    if (cached != null) {
      return Optional.of(cached);
    }
    try (InputStream in = loader.getResourceAsStream(ROOT + name)) {
      if (in == null) {
        return Optional.empty();
      }
      byte[] bytes = in.readAllBytes();
      files.put(name, bytes);
      return Optional.of(bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Answer answer(byte[] body, String name, String cacheControl) {
    int dot = name.lastIndexOf('.');
    String ext = dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
    return new Answer(
        200,
        TYPES.getOrDefault(ext, "application/octet-stream"),
        body,
        Map.of("Cache-Control", cacheControl, "X-Content-Type-Options", "nosniff"));
  }

  private static Answer text(int status, String body) {
    return new Answer(status, "text/plain; charset=utf-8", body.getBytes(StandardCharsets.UTF_8));
  }
}
