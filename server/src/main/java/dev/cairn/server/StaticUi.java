package dev.cairn.server;

import dev.cairn.api.ErrorCode;
import dev.cairn.server.http.HttpResponse;
import dev.cairn.server.routing.ApiError;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
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

  /**
   * The page's Content-Security-Policy: the UI is built into this server and loads nothing from
   * elsewhere, so scripts, styles, fonts and requests may come only from this origin (inline styles
   * stay allowed: the chart library sets them), images also from data and blob URLs (artifact
   * previews), and no other site may frame it.
   */
  static final String POLICY =
      "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline';"
          + " img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self';"
          + " object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'self'";

  private final ClassLoader loader = StaticUi.class.getClassLoader();
  private final Map<String, byte[]> files = new ConcurrentHashMap<>();

  /** The answer for a UI path: the page, a bundle, or 404. */
  HttpResponse answer(String path) {
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
    String name = path.substring(1);
    if (!path.startsWith(ASSETS)
        || name.contains("..")
        || name.contains("\\")
        || name.contains("//")) {
      return noSuchFile(path);
    }
    return read(name)
        .map(b -> answer(b, name, "public, max-age=31536000, immutable"))
        .orElseGet(() -> noSuchFile(path));
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

  private static HttpResponse answer(byte[] body, String name, String cacheControl) {
    int dot = name.lastIndexOf('.');
    String ext = dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
    HttpResponse answer =
        HttpResponse.bytes(200, TYPES.getOrDefault(ext, "application/octet-stream"), body)
            .withHeader("Cache-Control", cacheControl);
    return ext.equals("html") ? answer.withHeader("Content-Security-Policy", POLICY) : answer;
  }

  private static HttpResponse noSuchFile(String path) {
    return ApiError.of(ErrorCode.ENDPOINT_NOT_FOUND, "No such file: " + path).toResponse();
  }

  private static HttpResponse text(int status, String body) {
    return HttpResponse.text(status, body);
  }
}
