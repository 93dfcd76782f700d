package dev.cairn.server.http;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * One HTTP request as the rest of the server sees it, independent of the HTTP library. The body is
 * a stream read as it arrives; nothing is buffered here.
 */
public interface HttpExchange {
  String method();

  /** The decoded request path, e.g. {@code /api/2.0/mlflow/runs/get}. */
  String path();

  /** The query parameters in order, each name with all its values. */
  Map<String, List<String>> query();

  /** Whether the request line carried a query string (even one without parameters). */
  boolean hasQueryString();

  /** The client's address as seen by this server (a proxy's, behind one). */
  String remoteAddress();

  /** A request header, or null when absent. */
  String header(String name);

  /** The request body, read as it arrives. */
  InputStream body() throws IOException;

  /** The declared body length, or -1 when unknown (chunked). */
  long contentLength();

  /**
   * Gives the client until {@code timeout} from now to finish what the handler waits for (e.g. a
   * buffered body); past it the connection is cut. {@link Duration#ZERO} clears the deadline.
   */
  void deadline(Duration timeout);

  /**
   * Cuts the connection at once, without an answer: for a client that missed a deadline. Whatever
   * reads or writes the exchange then fails.
   */
  void abort();

  static String first(Map<String, List<String>> query, String key) {
    List<String> values = query.get(key);
    return values == null || values.isEmpty() ? null : values.get(0);
  }
}
