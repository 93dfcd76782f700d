package dev.cairn.store.sql.server;

import java.util.Map;

/**
 * Connection pool size and timeouts. From MLflow's own settings where it has them: the pool holds
 * {@code MLFLOW_SQLALCHEMYSTORE_POOL_SIZE + MLFLOW_SQLALCHEMYSTORE_MAX_OVERFLOW} connections (5 +
 * 10 by default, as SQLAlchemy's), recycled after {@code MLFLOW_SQLALCHEMYSTORE_POOL_RECYCLE}
 * seconds; {@code CAIRN_DB_CONNECT_TIMEOUT_MS} bounds the wait for a connection (default 10 s).
 */
public record PoolSettings(int maxSize, long connectionTimeoutMs, long maxLifetimeMs) {
  public static final PoolSettings DEFAULT = new PoolSettings(15, 10_000, 1_800_000);

  public PoolSettings {
    if (maxSize < 1) {
      throw new IllegalArgumentException("the database pool needs at least one connection");
    }
  }

  /**
   * @throws IllegalArgumentException naming the variable whose value is not a number
   */
  public static PoolSettings fromEnvironment(Map<String, String> env) {
    int size = intValue(env, "MLFLOW_SQLALCHEMYSTORE_POOL_SIZE", 5);
    int overflow = intValue(env, "MLFLOW_SQLALCHEMYSTORE_MAX_OVERFLOW", 10);
    long recycleS = intValue(env, "MLFLOW_SQLALCHEMYSTORE_POOL_RECYCLE", 1800);
    long timeout = intValue(env, "CAIRN_DB_CONNECT_TIMEOUT_MS", 10_000);
    // HikariCP retires connections no sooner than 30 s.
    return new PoolSettings(
        Math.max(1, size + overflow), Math.max(250, timeout), Math.max(30_000, recycleS * 1000));
  }

  private static int intValue(Map<String, String> env, String name, int fallback) {
    String v = env.get(name);
    if (v == null || v.isBlank()) {
      return fallback;
    }
    try {
      return Integer.parseInt(v.strip());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " must be a whole number, got '" + v + "'");
    }
  }
}
