package dev.cairn.server.http;

import java.net.BindException;
import java.nio.ByteBuffer;
import java.util.concurrent.Executors;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.http.UriCompliance;
import org.eclipse.jetty.io.ArrayByteBufferPool;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The HTTP server: the only code that knows Jetty. Requests run on virtual threads and are handed
 * to one {@link HttpHandler}; answers stream to the client. Connections that make no progress, or
 * take too long to send their headers, are closed ({@link HttpSettings}).
 */
public final class JettyHttpServer implements AutoCloseable {
  private static final long MAX_POOLED_BYTES = 32L * 1024 * 1024;
  private static final int SOCKET_BUFFER_BYTES = 256 * 1024;
  private static final long STOP_MILLIS = 15_000;
  private final Server server;
  private final ServerConnector connector;

  private JettyHttpServer(Server server, ServerConnector connector) {
    this.server = server;
    this.connector = connector;
  }

  /** Starts listening; a port already in use fails with a one-line message. */
  public static JettyHttpServer start(
      HttpSettings settings, HttpHandler handler, ErrorPage errors) {
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
    http.setRequestHeaderSize(settings.maxHeaderBytes());
    // MLflow's server takes "//" in a path (an artifact path may hold one); other ambiguous forms
    // (encoded separators, encoded dot segments) stay refused.
    http.setUriCompliance(
        UriCompliance.DEFAULT.with("cairn", UriCompliance.Violation.AMBIGUOUS_EMPTY_SEGMENT));
    // Large artifact bodies: bigger socket buffers cut system calls per MB several-fold (the 8 KiB
    // read default caps proxied uploads far below disk speed).
    http.setOutputBufferSize(SOCKET_BUFFER_BYTES);
    HttpConnectionFactory h1 = new HttpConnectionFactory(http);
    h1.setInputBufferSize(SOCKET_BUFFER_BYTES);
    ServerConnector connector = new ServerConnector(server, 1, 1, h1);
    connector.setHost(settings.host());
    connector.setPort(settings.port());
    connector.setIdleTimeout(settings.idleTimeout().toMillis());
    Deadlines deadlines = new Deadlines(server.getScheduler(), settings.headerTimeout().toMillis());
    connector.addEventListener(deadlines);
    server.addConnector(connector);
    // Stopping waits for the requests in flight (at most STOP_MILLIS), after no longer accepting.
    GracefulHandler graceful = new GracefulHandler(new JettyHandler(handler, deadlines));
    server.setHandler(graceful);
    server.setStopTimeout(STOP_MILLIS);
    server.setErrorHandler(new JsonErrorHandler(errors));
    try {
      server.start();
    } catch (Exception e) {
      stopQuietly(server);
      if (e instanceof BindException || e.getCause() instanceof BindException) {
        throw new IllegalStateException(
            "cannot listen on "
                + settings.host()
                + ":"
                + settings.port()
                + ": address already in use");
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

  /** Stops accepting, lets the requests in flight finish (bounded), then closes. */
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
   * large) get the server's error body instead of Jetty's HTML page, and {@code Connection: close}:
   * Jetty closes such connections, and a client must not send its next request on them.
   */
  private static final class JsonErrorHandler extends ErrorHandler {
    private final ErrorPage errors;

    JsonErrorHandler(ErrorPage errors) {
      this.errors = errors;
    }

    @Override
    protected void generateResponse(
        Request request,
        Response response,
        int code,
        String message,
        Throwable cause,
        Callback callback) {
      String text = code >= 500 || message == null ? HttpStatus.getMessage(code) : message;
      HttpResponse answer = errors.render(code, text);
      answer.headers().forEach((k, v) -> response.getHeaders().put(k, v));
      response.getHeaders().put(HttpHeader.CONNECTION, "close");
      byte[] body = bodyOf(answer);
      response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
      response.write(true, ByteBuffer.wrap(body), callback);
    }

    private static byte[] bodyOf(HttpResponse answer) {
      var out = new java.io.ByteArrayOutputStream();
      try {
        answer.body().writeTo(out);
      } catch (java.io.IOException impossible) {
        // an in-memory answer
      }
      return out.toByteArray();
    }
  }
}
