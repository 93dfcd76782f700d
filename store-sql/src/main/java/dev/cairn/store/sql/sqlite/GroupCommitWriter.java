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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one writer of a SQLite database. SQLite allows one write transaction at a time, so concurrent
 * writers queue here instead of failing with "database is locked". The writer thread drains
 * whatever is queued and runs it in ONE transaction (group commit: one fsync for many requests),
 * each unit inside its own savepoint so that a failing unit rolls back alone and the others still
 * commit.
 */
final class GroupCommitWriter implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(GroupCommitWriter.class);
  private static final int MAX_GROUP = 256;

  private record Task<T>(SqlWork<T> work, CompletableFuture<T> result) {}

  private final Connection connection;
  private final BlockingQueue<Task<?>> queue = new LinkedBlockingQueue<>();
  private final Thread thread;
  private volatile boolean closed;

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

  @Override
  public void close() {
    closed = true;
    try {
      thread.join(10_000);
      connection.close();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (SQLException e) {
      LOG.warn("closing the writer connection failed", e);
    }
  }
}
