package dev.cairn.server.http;

import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;

/**
 * Hands each Jetty request to the {@link HttpHandler} as an {@link HttpExchange} and writes its
 * answer through a blocking output stream (this runs on a virtual thread).
 */
final class JettyHandler extends Handler.Abstract {
  private final HttpHandler handler;
  private final Deadlines deadlines;

  JettyHandler(HttpHandler handler, Deadlines deadlines) {
    this.handler = handler;
    this.deadlines = deadlines;
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    Connection connection = request.getConnectionMetaData().getConnection();
    deadlines.requestStarted(connection);
    HttpResponse answer = handler.handle(new JettyExchange(request, deadlines));
    response.setStatus(answer.status());
    answer.headers().forEach((k, v) -> response.getHeaders().put(k, v));
    if (answer.status() >= 400
        && !"close".equalsIgnoreCase(answer.header("Connection"))
        && !request.consumeAvailable()) {
      // The request's body was refused unread: the connection cannot carry another request, and
      // the client must know before it sends one.
      response.getHeaders().put(HttpHeader.CONNECTION, "close");
    }
    try (OutputStream out = Content.Sink.asOutputStream(response)) {
      answer.body().writeTo(out);
    } catch (Throwable e) {
      callback.failed(e);
      return true;
    } finally {
      deadlines.requestEnded(connection);
    }
    callback.succeeded();
    return true;
  }

  /** A Jetty request seen as an {@link HttpExchange}. */
  private record JettyExchange(Request request, Deadlines deadlines) implements HttpExchange {
    @Override
    public String method() {
      return request.getMethod();
    }

    @Override
    public String path() {
      return Request.getPathInContext(request);
    }

    @Override
    public Map<String, List<String>> query() {
      Fields fields;
      try {
        fields = Request.extractQueryParameters(request);
      } catch (RuntimeException e) {
        throw new MalformedRequestException("Unable to parse URI query");
      }
      Map<String, List<String>> out = new LinkedHashMap<>();
      for (Fields.Field f : fields) {
        out.put(f.getName(), f.getValues());
      }
      return out;
    }

    @Override
    public boolean hasQueryString() {
      return request.getHttpURI().getQuery() != null;
    }

    @Override
    public String remoteAddress() {
      return Request.getRemoteAddr(request);
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

    @Override
    public void deadline(Duration timeout) {
      deadlines.arm(request.getConnectionMetaData().getConnection(), timeout.toMillis());
    }

    @Override
    public void abort() {
      request.getConnectionMetaData().getConnection().getEndPoint().close();
    }
  }
}
