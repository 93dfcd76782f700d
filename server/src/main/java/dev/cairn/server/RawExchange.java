package dev.cairn.server;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.Map;

/**
 * A request whose body is streamed (artifact uploads and downloads), independent of the HTTP
 * library.
 */
public interface RawExchange {
  String method();

  Map<String, List<String>> query();

  /** A request header, or null. */
  String header(String name);

  /** The request body, read as it arrives. */
  InputStream body() throws IOException;

  /** The declared body length, or -1 when unknown (chunked). */
  long contentLength();

  /** A streamed answer: status and headers first, then the body written by {@code body}. */
  record Answer(int status, Map<String, String> headers, BodyWriter body) {}

  /** Writes a response body to the client. */
  interface BodyWriter {
    void writeTo(OutputStream out) throws IOException;
  }

  static String first(Map<String, List<String>> query, String key) {
    List<String> values = query.get(key);
    return values == null || values.isEmpty() ? null : values.get(0);
  }
}
