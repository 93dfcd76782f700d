package dev.cairn.server.http;

import dev.cairn.api.ErrorCode;
import dev.cairn.server.ApiError;
import dev.cairn.server.ApiHandler;
import dev.cairn.server.ArtifactHttp;
import dev.cairn.server.RawExchange;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.BindException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.io.ArrayByteBufferPool;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The HTTP binding (the only code that knows Jetty): requests run on virtual threads, are read into
 * memory up to a limit and handed to the {@link ApiHandler}.
 */
public final class JettyHttpServer implements AutoCloseable {
  private static final long MAX_POOLED_BYTES = 32L * 1024 * 1024;
  private static final int SOCKET_BUFFER_BYTES = 256 * 1024;
  private final Server server;
  private final ServerConnector connector;

  private JettyHttpServer(Server server, ServerConnector connector) {
    this.server = server;
    this.connector = connector;
  }

  /** Starts listening; a port already in use fails with a one-line message. */
  public static JettyHttpServer start(
      String host,
      int port,
      String staticPrefix,
      long maxBodyBytes,
      ApiHandler api,
      ArtifactHttp artifacts) {
    QueuedThreadPool pool = new QueuedThreadPool(64, 4);
    pool.setName("cairn-http");
    pool.setVirtualThreadsExecutor(Executors.newVirtualThreadPerTaskExecutor());
    // A bounded pool that also holds the 256 KiB socket buffers: buffers larger than the pool's
    // largest bucket are allocated fresh for every read, and those direct buffers are freed only
    // when a GC happens to run, so a fast multi-GB upload grew the resident set by ~900 MiB.
    ArrayByteBufferPool buffers =
        new ArrayByteBufferPool(0, 0, SOCKET_BUFFER_BYTES, -1, MAX_POOLED_BYTES, MAX_POOLED_BYTES);
    Server server = new Server(pool, null, buffers);
    HttpConfiguration http = new HttpConfiguration();
    http.setSendServerVersion(false);
    http.setSendDateHeader(false);
    // Large artifact bodies: bigger socket buffers cut system calls per MB several-fold (the 8 KiB
    // read default caps proxied uploads far below disk speed).
    http.setOutputBufferSize(SOCKET_BUFFER_BYTES);
    HttpConnectionFactory h1 = new HttpConnectionFactory(http);
    h1.setInputBufferSize(SOCKET_BUFFER_BYTES);
    ServerConnector connector = new ServerConnector(server, 1, 1, h1);
    connector.setHost(host);
    connector.setPort(port);
    connector.setIdleTimeout(300_000);
    server.addConnector(connector);
    server.setHandler(new ApiJettyHandler(staticPrefix, maxBodyBytes, api, artifacts));
    server.setErrorHandler(new JsonErrorHandler(api));
    try {
      server.start();
    } catch (Exception e) {
      stopQuietly(server);
      if (e instanceof BindException || e.getCause() instanceof BindException) {
        throw new IllegalStateException(
            "cannot listen on " + host + ":" + port + ": address already in use");
      }
      throw new IllegalStateException("cannot start the HTTP server: " + e.getMessage(), e);
    }
    return new JettyHttpServer(server, connector);
  }

  public int port() {
    return connector.getLocalPort();
  }

  public void join() throws InterruptedException {
    server.join();
  }

  @Override
  public void close() {
    stopQuietly(server);
  }

  private static void stopQuietly(Server server) {
    try {
      server.stop();
    } catch (Exception ignored) {
      // already stopping
    }
  }

  /**
   * Requests Jetty refuses before any handler (bad escapes, ambiguous paths, URI or headers too
   * large) are answered with MLflow's error JSON instead of Jetty's HTML page; clients parse error
   * bodies as JSON.
   */
  private static final class JsonErrorHandler extends ErrorHandler {
    private final ApiHandler api;

    JsonErrorHandler(ApiHandler api) {
      this.api = api;
    }

    @Override
    protected void generateResponse(
        Request request,
        Response response,
        int code,
        String message,
        Throwable cause,
        Callback callback) {
      ErrorCode errorCode =
          code == 404
              ? ErrorCode.ENDPOINT_NOT_FOUND
              : code >= 500 ? ErrorCode.INTERNAL_ERROR : ErrorCode.BAD_REQUEST;
      String text = code >= 500 || message == null ? HttpStatus.getMessage(code) : message;
      ApiHandler.Answer answer = api.error(new ApiError(code, errorCode.name(), text));
      response.getHeaders().put(HttpHeader.CONTENT_TYPE, answer.contentType());
      answer.headers().forEach((k, v) -> response.getHeaders().put(k, v));
      response.write(true, ByteBuffer.wrap(answer.body()), callback);
    }
  }

  /** A Jetty request seen as a {@link RawExchange}. */
  private record JettyExchange(Request request) implements RawExchange {
    @Override
    public String method() {
      return request.getMethod();
    }

    @Override
    public Map<String, List<String>> query() {
      return ApiJettyHandler.queryParameters(request);
    }

    @Override
    public String header(String name) {
      return request.getHeaders().get(name);
    }

    @Override
    public InputStream body() {
      return Content.Source.asInputStream(request);
    }

    @Override
    public long contentLength() {
      return request.getLength();
    }
  }

  private static final class ApiJettyHandler extends Handler.Abstract {
    private final String prefix;
    private final long maxBodyBytes;
    private final ApiHandler api;
    private final ArtifactHttp artifacts;

    ApiJettyHandler(String prefix, long maxBodyBytes, ApiHandler api, ArtifactHttp artifacts) {
      this.prefix = prefix == null ? "" : prefix;
      this.maxBodyBytes = maxBodyBytes;
      this.api = api;
      this.artifacts = artifacts;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
      String path = Request.getPathInContext(request);
      ApiHandler.Answer answer;
      if (!prefix.isEmpty() && path.equals(prefix)) {
        // The UI's page loads its bundles by relative paths, which need the trailing slash.
        response.setStatus(308);
        response.getHeaders().put(HttpHeader.LOCATION, prefix + "/");
        callback.succeeded();
        return true;
      }
      if (!path.startsWith(prefix)) {
        answer = api.error(ApiError.of(ErrorCode.ENDPOINT_NOT_FOUND, "No such path " + path));
      } else if (artifacts.handles(path.substring(prefix.length()))) {
        stream(request, response, callback, path.substring(prefix.length()));
        return true;
      } else {
        answer = answer(request, path.substring(prefix.length()));
      }
      response.setStatus(answer.status());
      response.getHeaders().put(HttpHeader.CONTENT_TYPE, answer.contentType());
      answer.headers().forEach((k, v) -> response.getHeaders().put(k, v));
      response.write(true, ByteBuffer.wrap(answer.body()), callback);
      return true;
    }

    /**
     * A streamed artifact request: the body is read as it arrives and the answer written through a
     * blocking output stream (this runs on a virtual thread).
     */
    private void stream(Request request, Response response, Callback callback, String path) {
      RawExchange.Answer answer = artifacts.handle(path, new JettyExchange(request));
      response.setStatus(answer.status());
      answer.headers().forEach((k, v) -> response.getHeaders().put(k, v));
      try (OutputStream out = Content.Sink.asOutputStream(response)) {
        answer.body().writeTo(out);
      } catch (Throwable e) {
        callback.failed(e);
        return;
      }
      callback.succeeded();
    }

    private ApiHandler.Answer answer(Request request, String path) {
      Map<String, List<String>> query = queryParameters(request);
      byte[] body;
      try {
        body = readBody(request);
      } catch (IOException e) {
        return api.error(ApiError.of(ErrorCode.BAD_REQUEST, "Could not read the request body."));
      }
      String contentType = request.getHeaders().get(HttpHeader.CONTENT_TYPE);
      return api.handle(request.getMethod(), path, query, contentType, body);
    }

    /**
     * The body, or null when it exceeds the limit. An oversize body is still read to its end (and
     * dropped) so that the client, still sending, gets the error answer instead of a reset
     * connection.
     */
    private byte[] readBody(Request request) throws IOException {
      try (InputStream in = Content.Source.asInputStream(request)) {
        if (request.getLength() <= maxBodyBytes) {
          byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBodyBytes + 1));
          if (bytes.length <= maxBodyBytes) {
            return bytes;
          }
        }
        in.transferTo(OutputStream.nullOutputStream());
        return null;
      }
    }

    private static Map<String, List<String>> queryParameters(Request request) {
      Fields fields = Request.extractQueryParameters(request);
      Map<String, List<String>> out = new java.util.LinkedHashMap<>();
      for (Fields.Field f : fields) {
        out.put(f.getName(), f.getValues());
      }
      return out;
    }
  }
}
