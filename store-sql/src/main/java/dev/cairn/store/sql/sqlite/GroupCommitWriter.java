package dev.cairn.store.sql.sqlite;

import dev.cairn.store.sql.SqlWork;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one writer of a SQLite database. SQLite allows one write transaction at a time, so concurrent
 * writers queue here instead of failing with "database is locked". The writer thread drains
 * whatever is queued and runs it in ONE transaction (group commit: one fsync for many requests),
 * each unit inside its own savepoint so that a failing unit rolls back alone and the others still
 * commit.
 *
 * <p>The write-ahead log is folded into the database file when writes go quiet (a passive
 * checkpoint once no write came for {@link #IDLE_CHECKPOINT_MILLIS}; it never waits for readers)
 * and completely at close (a truncating checkpoint), so that a plain copy of the database file
 * taken while the server idles, or after it stopped, is a whole database.
 */
final class GroupCommitWriter implements AutoCloseable {
  static final long IDLE_CHECKPOINT_MILLIS = 1_000;
  private static final Logger LOG = LoggerFactory.getLogger(GroupCommitWriter.class);
  private static final int MAX_GROUP = 256;

  private record Task<T>(SqlWork<T> work, CompletableFuture<T> result) {}

  private final Connection connection;
  private final BlockingQueue<Task<?>> queue = new LinkedBlockingQueue<>();
  private final Thread thread;
  private volatile boolean closed;
  private final LongAdder groups = new LongAdder();
  private final LongAdder writes = new LongAdder();
  private final LongAdder checkpoints = new LongAdder();
  private boolean dirty;
  private long lastCommit;

  GroupCommitWriter(Connection connection) throws SQLException {
    this.connection = connection;
    connection.setAutoCommit(false);
    this.thread = Thread.ofPlatform().name("cairn-sqlite-writer").daemon().start(this::loop);
  }

  <T> T submit(SqlWork<T> work) {
    if (closed) {
      throw new IllegalStateException("database is closed");
    }
    Task<T> task = new Task<>(work, new CompletableFuture<>());
    queue.add(task);
    try {
      return task.result().get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for the database writer", e);
    } catch (ExecutionException e) {
      throw rethrow(e.getCause());
    }
  }

  private static RuntimeException rethrow(Throwable cause) {
    if (cause instanceof RuntimeException r) {
      return r;
    }
    if (cause instanceof Error err) {
      throw err;
    }
    return new CompletionException(cause);
  }

  private void loop() {
    List<Task<?>> group = new ArrayList<>();
    while (!closed || !queue.isEmpty()) {
      try {
        Task<?> first = queue.poll(100, java.util.concurrent.TimeUnit.MILLISECONDS);
        if (first == null) {
          if (dirty && System.currentTimeMillis() - lastCommit >= IDLE_CHECKPOINT_MILLIS) {
            dirty = !checkpoint("PASSIVE");
          }
          continue;
        }
        group.add(first);
        queue.drainTo(group, MAX_GROUP - 1);
        runGroup(group);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } finally {
        group.clear();
      }
    }
  }

  private void runGroup(List<Task<?>> group) {
    List<Runnable> completions = new ArrayList<>(group.size());
    for (Task<?> task : group) {
      runOne(task, completions);
    }
    try {
      connection.commit();
      dirty = true;
      lastCommit = System.currentTimeMillis();
      groups.increment();
      writes.add(group.size());
      completions.forEach(Runnable::run);
    } catch (SQLException e) {
      LOG.error("commit of {} grouped writes failed", group.size(), e);
      rollbackQuietly();
      for (Task<?> task : group) {
        task.result().completeExceptionally(e);
      }
    }
  }

  private <T> void runOne(Task<T> task, List<Runnable> completions) {
    Savepoint savepoint = null;
    try {
      savepoint = connection.setSavepoint();
      T value = task.work().run(connection);
      connection.releaseSavepoint(savepoint);
      completions.add(() -> task.result().complete(value));
    } catch (Throwable e) {
      undo(savepoint);
      task.result().completeExceptionally(e);
    }
  }

  private void undo(Savepoint savepoint) {
    try {
      if (savepoint != null) {
        connection.rollback(savepoint);
        connection.releaseSavepoint(savepoint);
      }
    } catch (SQLException e) {
      LOG.error("rollback to savepoint failed; rolling back the whole group", e);
      rollbackQuietly();
    }
  }

  private void rollbackQuietly() {
    try {
      connection.rollback();
    } catch (SQLException e) {
      LOG.error("rollback failed", e);
    }
  }

  /**
   * Folds the write-ahead log into the database file ({@code PASSIVE}: what readers allow now;
   * {@code TRUNCATE}: all of it, then empties the log file). Whether every frame was copied.
   */
  private boolean checkpoint(String mode) {
    try {
      connection.setAutoCommit(true);
      try (var s = connection.createStatement();
          var r = s.executeQuery("PRAGMA wal_checkpoint(" + mode + ")")) {
        checkpoints.increment();
        // (busy, frames in the log, frames checkpointed); -1 when not in WAL mode
        return r.next() && r.getInt(1) == 0 && r.getInt(3) >= r.getInt(2);
      } finally {
        connection.setAutoCommit(false);
      }
    } catch (SQLException e) {
      LOG.warn("checkpoint ({}) of the write-ahead log failed: {}", mode, e.getMessage());
      return false;
    }
  }

  /** Writes waiting for the writer now. */
  int queued() {
    return queue.size();
  }

  /** Transactions committed, writes they carried, and checkpoints run, since the start. */
  long groups() {
    return groups.sum();
  }

  long writes() {
    return writes.sum();
  }

  long checkpoints() {
    return checkpoints.sum();
  }

  @Override
  public void close() {
    closed = true;
    try {
      thread.join(10_000);
      if (!thread.isAlive()) {
        checkpoint("TRUNCATE");
      }
      connection.close();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (SQLException e) {
      LOG.warn("closing the writer connection failed", e);
    }
  }
}
