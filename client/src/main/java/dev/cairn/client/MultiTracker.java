package dev.cairn.client;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Sends everything to several trackers (e.g. a team server and an offline folder). A backend that
 * fails does not stop the others: its errors are kept per backend ({@link #errors()}) and {@link
 * Run#close()} / {@link #close()} throw one {@link TrackingException} naming each failed backend
 * after every backend was closed. Run ids are the first backend's.
 */
public final class MultiTracker implements Tracker {
  private final Map<String, Tracker> backends;
  private final Map<String, List<Throwable>> errors = new ConcurrentHashMap<>();

  /** Backends named {@code 0}, {@code 1}, ... in order. */
  public MultiTracker(List<Tracker> trackers) {
    this(named(trackers));
  }

  /** Named backends; the names appear in {@link #errors()} and in reported failures. */
  public MultiTracker(Map<String, Tracker> backends) {
    if (backends.isEmpty()) {
      throw new IllegalArgumentException("A MultiTracker needs at least one tracker");
    }
    this.backends = new LinkedHashMap<>(backends);
  }

  private static Map<String, Tracker> named(List<Tracker> trackers) {
    Map<String, Tracker> m = new LinkedHashMap<>();
    for (int i = 0; i < trackers.size(); i++) {
      m.put(i + ":" + trackers.get(i).getClass().getSimpleName(), trackers.get(i));
    }
    return m;
  }

  /** Every failure seen so far, by backend name. */
  public Map<String, List<Throwable>> errors() {
    Map<String, List<Throwable>> copy = new LinkedHashMap<>();
    errors.forEach((k, v) -> copy.put(k, List.copyOf(v)));
    return copy;
  }

  @Override
  public Run startRun(String name) {
    return open(t -> t.startRun(name));
  }

  @Override
  public Run resume(String runId) {
    return open(t -> t.resume(runId));
  }

  private Run open(Function<Tracker, Run> starter) {
    Map<String, Run> runs = new LinkedHashMap<>();
    backends.forEach(
        (name, t) -> {
          try {
            runs.put(name, starter.apply(t));
          } catch (RuntimeException e) {
            record(name, e);
          }
        });
    if (runs.isEmpty()) {
      throw report("No backend could start the run");
    }
    return new MultiRun(this, runs);
  }

  void record(String backend, Throwable e) {
    errors.computeIfAbsent(backend, k -> new CopyOnWriteArrayList<>()).add(e);
  }

  /** Calls {@code action} on each backend's part, recording failures. */
  void each(Map<String, ?> parts, Consumer<Map.Entry<String, ?>> action) {
    for (Map.Entry<String, ?> e : parts.entrySet()) {
      try {
        action.accept(e);
      } catch (RuntimeException failure) {
        record(e.getKey(), failure);
      }
    }
  }

  TrackingException report(String what) {
    StringBuilder msg = new StringBuilder(what).append(":");
    List<Throwable> all = new ArrayList<>();
    errors.forEach(
        (backend, list) -> {
          msg.append(" [").append(backend).append(": ").append(list.size()).append(" error(s), ");
          msg.append(list.getFirst().getMessage()).append("]");
          all.addAll(list);
        });
    TrackingException e = new TrackingException(msg.toString(), all.isEmpty() ? null : all.get(0));
    all.stream().skip(1).limit(20).forEach(e::addSuppressed);
    return e;
  }

  /** Throws the failures recorded since the last report, if any. */
  void throwIfFailed(String what) {
    if (!errors.isEmpty()) {
      TrackingException e = report(what);
      errors.clear();
      throw e;
    }
  }

  @Override
  public void flush() {
    each(backends, e -> ((Tracker) e.getValue()).flush());
    throwIfFailed("Flushing failed on some backends");
  }

  @Override
  public void close() {
    each(backends, e -> ((Tracker) e.getValue()).close());
    throwIfFailed("Some backends failed");
  }
}
