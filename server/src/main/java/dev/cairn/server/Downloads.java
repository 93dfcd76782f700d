package dev.cairn.server;

import dev.cairn.core.artifacts.ArtifactFile;
import dev.cairn.core.artifacts.ArtifactService;
import dev.cairn.server.http.HttpResponse;
import dev.cairn.server.metrics.ArtifactTraffic;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A file sent to the client: streamed through one fixed buffer, honouring a single {@code Range},
 * always as an attachment with {@code nosniff} (artifacts are user uploads; opened inline on the
 * server's origin they would be stored XSS).
 */
final class Downloads {
  static final int BUFFER_BYTES = 256 * 1024;

  private Downloads() {}

  static HttpResponse send(ArtifactTraffic traffic, ArtifactFile file, String rangeHeader) {
    long size = file.size();
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Content-Type", ContentTypes.forDownload(file.name()));
    headers.put("Content-Disposition", "attachment; filename=\"" + asciiName(file.name()) + "\"");
    headers.put("X-Content-Type-Options", "nosniff");
    headers.put("Accept-Ranges", "bytes");
    ByteRange range;
    try {
      range = ByteRange.parse(rangeHeader, size);
    } catch (IllegalArgumentException e) {
      headers.put("Content-Range", "bytes */" + size);
      headers.put("Content-Length", "0");
      return new HttpResponse(416, headers, out -> {});
    }
    long start = range == null ? 0 : range.start();
    long length = range == null ? size : range.length();
    InputStream in = ArtifactService.io(() -> file.store().read(file.path(), start));
    headers.put("Content-Length", Long.toString(length));
    if (range != null) {
      headers.put("Content-Range", range.contentRange(size));
    }
    return new HttpResponse(
        range == null ? 200 : 206,
        headers,
        out -> {
          copy(in, out, length);
          traffic.sent(length);
        });
  }

  /** Copies exactly {@code length} bytes through one fixed buffer, then closes the input. */
  static void copy(InputStream in, OutputStream out, long length) throws IOException {
    try (in) {
      byte[] buffer = new byte[BUFFER_BYTES];
      long left = length;
      while (left > 0) {
        int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
        if (n < 0) {
          throw new IOException("the artifact ended early");
        }
        out.write(buffer, 0, n);
        left -= n;
      }
    }
  }

  static String asciiName(String name) {
    return name.replaceAll("[^\\x20-\\x7e]|\"|\\\\", "_");
  }
}
