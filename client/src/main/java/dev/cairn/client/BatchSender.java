package dev.cairn.client;

import dev.cairn.api.model.Metric;
import dev.cairn.api.model.Param;
import dev.cairn.api.model.Tag;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * The asynchronous half of a {@code RestTracker} run: a bounded queue of metric points, params and
 * tags, drained by one virtual thread into {@code log-batch} requests cut at MLflow's limits (1,000
 * metrics, 100 params, 100 tags, 1,000 items in all), in the order they were logged.
 *
 * <p>When the queue is full, {@link #add} blocks until the sender has made room: the producer is
 * slowed to the server's pace and memory stays at {@code capacity} items. A batch the server
 * refuses after the transport's retries is counted and reported by {@link #flush}, never dropped
 * silently. Each sent request is retried by the transport on 429/5xx/lost connections; a re-sent
 * metric point is the same row.
 */
final class BatchSender {
  static final int MAX_METRICS = 1000;
  static final int MAX_PARAMS = 100;
  static final int MAX_TAGS = 100;
  private static final Object STOP = new Object();

  private final CairnClient client;
  private final String runId;
  private final BlockingQueue<Object> queue;
  private final Thread thread;
  private final Object progress = new Object();
  private long added;
  private long done;
  private final List<TrackingException> failures = new ArrayList<>();
  private long lostItems;
  private Object carried;

  BatchSender(CairnClient client, String runId, int capacity) {
    this.client = client;
    this.runId = runId;
    this.queue = new ArrayBlockingQueue<>(capacity);
    this.thread = Thread.ofVirtual().name("cairn-run-" + runId).start(this::drain);
  }

  /** Queues a {@link Metric}, {@link Param} or {@link Tag}; blocks while the queue is full. */
  void add(Object item) {
    synchronized (progress) {
      added++;
    }
    try {
      queue.put(item);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      synchronized (progress) {
        added--;
      }
      throw new TrackingException("Interrupted while queueing for run '" + runId + "'", e);
    }
  }

  /**
   * Waits until everything queued before the call is sent or refused.
   *
   * @throws TrackingException summarising every refused batch so far (each reported once)
   */
  void flush() {
    synchronized (progress) {
      long target = added;
      while (done < target && thread.isAlive()) {
        try {
          progress.wait(200);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new TrackingException("Interrupted while flushing run '" + runId + "'", e);
        }
      }
      if (!failures.isEmpty()) {
        TrackingException first = failures.getFirst();
        TrackingException report =
            new TrackingException(
                first.errorCode(),
                first.httpStatus(),
                "%d item(s) of run '%s' could not be stored (%d failed request(s)); first: %s"
                    .formatted(lostItems, runId, failures.size(), first.getMessage()));
        failures.stream().skip(1).limit(10).forEach(report::addSuppressed);
        failures.clear();
        lostItems = 0;
        throw report;
      }
    }
  }

  /** Flushes and stops the sender thread. */
  void close() {
    try {
      flush();
    } finally {
      try {
        queue.put(STOP);
        thread.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private void drain() {
    try {
      while (true) {
        Object first = carried != null ? carried : queue.take();
        carried = null;
        if (first == STOP) {
          return;
        }
        List<Metric> metrics = new ArrayList<>();
        List<Param> params = new ArrayList<>();
        List<Tag> tags = new ArrayList<>();
        boolean stop = collect(first, metrics, params, tags);
        send(metrics, params, tags);
        if (stop) {
          return;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Fills one batch from what is queued now; true when STOP was reached. */
  private boolean collect(Object item, List<Metric> m, List<Param> p, List<Tag> t) {
    for (Object next = item; next != null; next = queue.poll()) {
      if (next == STOP) {
        carried = STOP;
        return false;
      }
      boolean fits =
          switch (next) {
            case Metric x -> m.size() < MAX_METRICS && m.add(x);
            case Param x -> p.size() < MAX_PARAMS && p.add(x);
            case Tag x -> t.size() < MAX_TAGS && t.add(x);
            default -> throw new IllegalStateException("Unexpected item " + next);
          };
      if (!fits || m.size() + p.size() + t.size() >= MAX_METRICS) {
        if (!fits) {
          carried = next;
        }
        return false;
      }
    }
    return false;
  }

  private void send(List<Metric> metrics, List<Param> params, List<Tag> tags) {
    int n = metrics.size() + params.size() + tags.size();
    TrackingException failure = null;
    try {
      client.logBatch(runId, metrics, params, tags);
    } catch (TrackingException e) {
      failure = e;
    } catch (RuntimeException e) {
      failure = new TrackingException("log-batch of run '" + runId + "' failed: " + e, e);
    }
    synchronized (progress) {
      if (failure != null) {
        failures.add(failure);
        lostItems += n;
      }
      done += n;
      progress.notifyAll();
    }
  }
}
