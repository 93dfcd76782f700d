package dev.cairn.server.filters;

import dev.cairn.api.ErrorCode;
import dev.cairn.core.CairnException;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * The memory all buffered request bodies may take at once. A request takes a lease for its body's
 * size before reading it and gives it back when its answer is ready (the body and what is parsed
 * from it live that long). When the budget is spent, requests wait for a while in arrival order,
 * then get 503 (which MLflow's client retries): many large bodies queue instead of growing the
 * heap.
 */
public final class BodyBudget {
  private static final int UNIT = 1024;
  private final Semaphore permits;
  private final long bytes;

  public BodyBudget(long bytes) {
    if (bytes < UNIT) {
      throw new IllegalArgumentException("the body budget must be at least 1 KiB");
    }
    this.bytes = bytes;
    this.permits = new Semaphore((int) Math.min(Integer.MAX_VALUE, bytes / UNIT), true);
  }

  public long bytes() {
    return bytes;
  }

  /** Memory held for one request's body; closing gives it back. */
  public final class Lease implements AutoCloseable {
    private int held;

    /** Takes {@code more} bytes more, waiting at most {@code wait}. */
    public void grow(long more, Duration wait) throws InterruptedException {
      int units = (int) Math.min(Integer.MAX_VALUE, (more + UNIT - 1) / UNIT);
      if (units == 0) {
        return;
      }
      if (!permits.tryAcquire(units, wait.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new CairnException(
            ErrorCode.TEMPORARILY_UNAVAILABLE,
            "The server is reading too many large requests at once; try again.");
      }
      held += units;
    }

    @Override
    public void close() {
      if (held > 0) {
        permits.release(held);
        held = 0;
      }
    }
  }

  /** A lease of {@code size} bytes, waiting at most {@code wait} for them. */
  public Lease lease(long size, Duration wait) throws InterruptedException {
    Lease lease = new Lease();
    lease.grow(size, wait);
    return lease;
  }
}
