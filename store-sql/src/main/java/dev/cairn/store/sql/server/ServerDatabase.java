package dev.cairn.store.sql.server;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.cairn.api.ErrorCode;
import dev.cairn.core.CairnException;
import dev.cairn.store.sql.Database;
import dev.cairn.store.sql.DatabaseStats;
import dev.cairn.store.sql.Dialect;
import dev.cairn.store.sql.SqlErrors;
import dev.cairn.store.sql.SqlWork;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A client/server database (PostgreSQL, MySQL/MariaDB) through a connection pool. Every unit of
 * work is one transaction on one pooled connection; writers on this and other servers run
 * concurrently, so a write that loses a serialization conflict or a deadlock is retried whole (its
 * work is pure JDBC and has no other effects). While the database is unreachable, requests fail
 * fast with {@code TEMPORARILY_UNAVAILABLE} and the pool reconnects by itself when it returns.
 */
public final class ServerDatabase implements Database {
  private static final Logger LOG = LoggerFactory.getLogger(ServerDatabase.class);
  private static final int MAX_ATTEMPTS = 5;

  private final HikariDataSource pool;
  private final Dialect dialect;
  private final java.util.concurrent.atomic.AtomicBoolean down =
      new java.util.concurrent.atomic.AtomicBoolean();

  private ServerDatabase(HikariDataSource pool, Dialect dialect) {
    this.pool = pool;
    this.dialect = dialect;
  }

  /**
   * Connects (failing now, with a one-line reason, if the database cannot be reached or refuses the
   * credentials).
   */
  public static ServerDatabase open(ServerUri uri, PoolSettings settings) {
    Properties properties = uri.properties();
    if (uri.dialect() == Dialect.MYSQL) {
      properties.putIfAbsent(
          "connectTimeout", Long.toString(Math.max(1000, settings.connectionTimeoutMs())));
      properties.putIfAbsent("tcpKeepAlive", "true");
    }
    if (uri.dialect() == Dialect.POSTGRESQL) {
      properties.putIfAbsent(
          "connectTimeout", Long.toString(Math.max(1, settings.connectionTimeoutMs() / 1000)));
      properties.putIfAbsent("tcpKeepAlive", "true");
      properties.putIfAbsent("reWriteBatchedInserts", "true");
    }
    // One direct attempt first: an unreachable server, a refused login or a missing database stop
    // the start now with the driver's own one-line reason, instead of the pool retrying.
    try (Connection probe = DriverManager.getConnection(uri.jdbcUrl(), properties)) {
      probe.isValid(5);
    } catch (SQLException e) {
      throw new IllegalArgumentException(
          "cannot connect to the " + uri.describe() + ": " + firstLine(e.getMessage()), e);
    }
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(uri.jdbcUrl());
    config.setDataSourceProperties(properties);
    config.setAutoCommit(false);
    config.setMaximumPoolSize(settings.maxSize());
    config.setMinimumIdle(Math.min(2, settings.maxSize()));
    config.setConnectionTimeout(settings.connectionTimeoutMs());
    config.setValidationTimeout(Math.min(settings.connectionTimeoutMs(), 5_000));
    config.setMaxLifetime(settings.maxLifetimeMs());
    config.setPoolName("cairn-" + uri.dialect().name().toLowerCase(Locale.ROOT));
    config.setInitializationFailTimeout(-1);
    return new ServerDatabase(new HikariDataSource(config), uri.dialect());
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "unknown error";
    }
    int nl = message.indexOf('\n');
    return (nl < 0 ? message : message.substring(0, nl)).strip();
  }

  @Override
  public <T> T read(SqlWork<T> work) {
    // Not marked read-only: on MySQL that costs a statement per read and another when the pool
    // resets it; reads run only SELECTs and end in a rollback. A failure of the rollback itself
    // must not hide the failure of the work.
    try (Connection c = connection()) {
      try {
        T result = work.run(c);
        c.rollback();
        reachable();
        return result;
      } catch (SQLException | RuntimeException e) {
        rollbackQuietly(c);
        throw e;
      }
    } catch (SQLException e) {
      throw translate(e);
    }
  }

  @Override
  public <T> T write(SqlWork<T> work) {
    for (int attempt = 1; ; attempt++) {
      try (Connection c = connection()) {
        try {
          T result = work.run(c);
          c.commit();
          reachable();
          return result;
        } catch (SQLException | RuntimeException e) {
          rollbackQuietly(c);
          throw e;
        }
      } catch (SQLException e) {
        if (attempt < MAX_ATTEMPTS && retryable(e)) {
          LOG.debug("retrying a write after {} (attempt {})", e.getSQLState(), attempt);
          backoff(attempt);
          continue;
        }
        throw translate(e);
      }
    }
  }

  private Connection connection() throws SQLException {
    Connection c = pool.getConnection();
    return dialect == Dialect.MYSQL ? MysqlStatements.wrap(c) : c;
  }

  private static void rollbackQuietly(Connection c) {
    try {
      c.rollback();
    } catch (SQLException ignored) {
      // the connection is broken; the pool evicts it
    }
  }

  /**
   * Serialization failures, deadlocks, and unique violations. A unique violation here means that a
   * concurrent writer (on this or another server) committed the same key between this work's check
   * and its insert; run again, the work sees that row and answers as MLflow does (already exists,
   * param already logged, the next model version number).
   */
  private static boolean retryable(SQLException e) {
    String state = e.getSQLState();
    return "40001".equals(state)
        || "40P01".equals(state)
        || "23505".equals(state)
        || e.getErrorCode() == 1213
        || e.getErrorCode() == 1062;
  }

  private static void backoff(int attempt) {
    try {
      Thread.sleep(ThreadLocalRandom.current().nextLong(1, 10L << attempt));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** The database answered: after an outage, says so once. */
  private void reachable() {
    if (down.get() && down.compareAndSet(true, false)) {
      LOG.info("The database is reachable again.");
    }
  }

  private CairnException translate(SQLException e) {
    String state = e.getSQLState();
    if (e instanceof SQLTransientConnectionException
        || (state != null && (state.startsWith("08") || state.startsWith("57P")))) {
      if (down.compareAndSet(false, true)) {
        LOG.warn(
            "The database is unavailable ({}); requests answer 503 until it is back.",
            firstLine(e.getMessage()));
      } else {
        LOG.debug("database still unavailable: {}", firstLine(e.getMessage()), e);
      }
      return new CairnException(
          ErrorCode.TEMPORARILY_UNAVAILABLE, "The database is unavailable; please retry.", e);
    }
    return SqlErrors.translate(e);
  }

  @Override
  public DatabaseStats stats() {
    var p = pool.getHikariPoolMXBean();
    return p == null
        ? new DatabaseStats(0, 0, 0, 0, 0, 0, 0)
        : new DatabaseStats(
            p.getActiveConnections(),
            p.getIdleConnections(),
            p.getThreadsAwaitingConnection(),
            0,
            0,
            0,
            0);
  }

  @Override
  public Dialect dialect() {
    return dialect;
  }

  @Override
  public void close() {
    pool.close();
  }
}
