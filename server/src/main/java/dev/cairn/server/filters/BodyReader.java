package dev.cairn.server.filters;

import dev.cairn.api.ErrorCode;
import dev.cairn.server.http.HttpExchange;
import dev.cairn.server.http.HttpResponse;
import dev.cairn.server.routing.ApiError;
import dev.cairn.server.routing.Call;
import dev.cairn.server.routing.Filter;
import dev.cairn.server.routing.Route;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.Arrays;

/**
 * Buffers the body of a JSON route within bounds: a body larger than the limit is refused with 413
 * before any of it is read when its length is declared (and as soon as the limit is passed when it
 * is chunked); the memory of all bodies being read or handled at once is held to the {@link
 * BodyBudget}; a client must send its body within a deadline. Streamed routes (artifact uploads)
 * read their own bodies and pass through untouched.
 */
public final class BodyReader implements Filter {
  private static final int CHUNK = 64 * 1024;
  private final long maxBytes;
  private final BodyBudget budget;
  private final Duration deadline;
  private final Duration queueWait;

  /**
   * @param maxBytes the largest body accepted
   * @param deadline how long a client may take to send a body
   * @param queueWait how long a request may wait for room in the budget before it gets 503
   */
  public BodyReader(long maxBytes, BodyBudget budget, Duration deadline, Duration queueWait) {
    if (budget.bytes() < maxBytes) {
      throw new IllegalArgumentException("the body budget must hold at least one largest body");
    }
    this.maxBytes = maxBytes;
    this.budget = budget;
    this.deadline = deadline;
    this.queueWait = queueWait;
  }

  @Override
  public HttpResponse apply(Call call, Chain next) throws Exception {
    if (!call.route().readsJson()) {
      return next.proceed(call);
    }
    long keep =
        call.route().body() == Route.Body.JSON_LONG_VALUES
            ? LongStrings.KEEP_LONG_VALUES
            : LongStrings.KEEP_VALUES;
    HttpExchange ex = call.exchange();
    long declared = ex.contentLength();
    if (declared == 0) {
      return next.proceed(call);
    }
    if (declared > maxBytes) {
      return tooLarge();
    }
    try (BodyBudget.Lease lease = budget.lease(declared > 0 ? declared : CHUNK, queueWait)) {
      byte[] body;
      ex.deadline(deadline);
      try (Counting raw = new Counting(ex.body());
          InputStream in = new LongStrings(raw, keep)) {
        body = read(in, raw, declared, lease);
      } catch (IOException e) {
        return new ApiError(400, ErrorCode.BAD_REQUEST.name(), "Could not read the request body.")
            .toResponse()
            .withHeader("Connection", "close");
      } finally {
        ex.deadline(Duration.ZERO);
      }
      if (body == null) {
        return tooLarge();
      }
      call.body(body);
      return next.proceed(call);
    }
  }

  /**
   * The body (its long strings already cut), or null once more than the limit arrived. A body of
   * declared length is covered by the lease taken for it; one of unknown length takes more as it
   * grows.
   */
  private byte[] read(InputStream in, Counting raw, long declared, BodyBudget.Lease lease)
      throws IOException, InterruptedException {
    byte[] buffer = new byte[(int) Math.min(declared > 0 ? declared : CHUNK, 1 << 20)];
    int size = 0;
    while (raw.count <= maxBytes) {
      if (size == buffer.length) {
        int grown = (int) Math.min((long) size * 2, Math.max(maxBytes, size + 1L));
        if (declared < 0) {
          lease.grow(grown - size, queueWait);
        }
        buffer = Arrays.copyOf(buffer, grown);
      }
      int n = in.read(buffer, size, buffer.length - size);
      if (n < 0) {
        return size == buffer.length ? buffer : Arrays.copyOf(buffer, size);
      }
      size += n;
    }
    return null;
  }

  /** Counts the bytes that arrived, before any is cut. */
  private static final class Counting extends java.io.FilterInputStream {
    long count;

    Counting(InputStream in) {
      super(in);
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      if (b >= 0) {
        count++;
      }
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = super.read(b, off, len);
      if (n > 0) {
        count += n;
      }
      return n;
    }
  }

  private HttpResponse tooLarge() {
    String limit = maxBytes % (1024 * 1024) == 0 ? (maxBytes >> 20) + " MB" : maxBytes + " bytes";
    return new ApiError(
            413,
            ErrorCode.REQUEST_LIMIT_EXCEEDED.name(),
            "The request body is larger than this server's limit of " + limit + ".")
        .toResponse()
        .withHeader("Connection", "close");
  }
}
