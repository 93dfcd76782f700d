package dev.cairn.client;

import dev.cairn.api.model.Metric;
import dev.cairn.api.model.Param;
import dev.cairn.api.model.Tag;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * The asynchronous half of a {@code RestTracker} run: bounded queues of metric points and of
 * params/tags, drained by virtual threads into {@code log-batch} requests cut at MLflow's limits
 * (1,000 metrics, 100 params, 100 tags, 1,000 items in all).
 *
 * <p>Metric points are sent by {@code metricSenders} threads at once (a point is a row of its own,
 * so their order between requests does not matter, and overlapping requests keeps a server busy
 * that would otherwise wait for the client); params and tags by one thread, in the order they were
 * logged (a later tag value wins, as in MLflow). When a queue is full, {@link #add} blocks until a
 * sender has made room: the producer is slowed to the server's pace and memory stays at the queues'
 * capacity plus the batches in flight. A batch the server refuses after the transport's retries is
 * counted and reported by {@link #flush}, never dropped silently; a re-sent metric point is the
 * same row.
 */
final class BatchSender {
  static final int MAX_METRICS = 1000;
  static final int MAX_PARAMS = 100;
  static final int MAX_TAGS = 100;
  private static final Object STOP = new Object();

  private final CairnClient client;
  private final String runId;
  private final BlockingQueue<Object> metrics;
  private final BlockingQueue<Object> others;
  private final List<Thread> threads = new ArrayList<>();
  private final Object progress = new Object();
  private long added;
  private long done;
  private final List<TrackingException> failures = new ArrayList<>();
  private long lostItems;
  private boolean stopped;

  BatchSender(CairnClient client, String runId, int capacity, int metricSenders) {
    this.client = client;
    this.runId = runId;
    this.metrics = new ArrayBlockingQueue<>(capacity);
    this.others = new ArrayBlockingQueue<>(Math.max(MAX_PARAMS, capacity / 10));
    for (int i = 0; i < metricSenders; i++) {
      threads.add(
          Thread.ofVirtual().name("cairn-run-" + runId + "-m" + i).start(() -> drain(metrics)));
    }
    threads.add(Thread.ofVirtual().name("cairn-run-" + runId + "-pt").start(() -> drain(others)));
  }

  /** Queues a {@link Metric}, {@link Param} or {@link Tag}; blocks while its queue is full. */
  void add(Object item) {
    synchronized (progress) {
      if (stopped) {
        throw new IllegalStateException(
            "Run '" + runId + "' is closed: nothing more can be logged");
      }
      added++;
    }
    try {
      (item instanceof Metric ? metrics : others).put(item);
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
      while (done < target && threads.stream().anyMatch(Thread::isAlive)) {
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

  /** Flushes and stops the sender threads. */
  void close() {
    synchronized (progress) {
      stopped = true;
    }
    try {
      flush();
    } finally {
      try {
        for (int i = 0; i < threads.size() - 1; i++) {
          metrics.put(STOP);
        }
        others.put(STOP);
        for (Thread t : threads) {
          t.join();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private void drain(BlockingQueue<Object> queue) {
    Object carried = null;
    try {
      while (true) {
        Object first = carried != null ? carried : queue.take();
        carried = null;
        if (first == STOP) {
          return;
        }
        List<Metric> m = new ArrayList<>();
        List<Param> p = new ArrayList<>();
        List<Tag> t = new ArrayList<>();
        for (Object next = first; next != null; next = queue.poll()) {
          if (next == STOP || !fits(next, m, p, t)) {
            carried = next;
            break;
          }
          if (m.size() + p.size() + t.size() >= MAX_METRICS) {
            break;
          }
        }
        send(m, p, t);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Adds {@code item} to the batch when it has room for it. */
  private static boolean fits(Object item, List<Metric> m, List<Param> p, List<Tag> t) {
    return switch (item) {
      case Metric x -> m.size() < MAX_METRICS && m.add(x);
      case Param x -> p.size() < MAX_PARAMS && p.add(x);
      case Tag x -> t.size() < MAX_TAGS && t.add(x);
      default -> throw new IllegalStateException("Unexpected item " + item);
    };
  }

  private void send(List<Metric> m, List<Param> p, List<Tag> t) {
    int n = m.size() + p.size() + t.size();
    TrackingException failure = null;
    try {
      client.logBatch(runId, m, p, t);
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
