package dev.cairn.store.sql;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * What creating a schema needs on a database several servers may start on at once: a lock (one
 * creates, the others wait and then find the schema) and a look at the catalog.
 *
 * @param postgresKey the transaction-scoped advisory lock key on PostgreSQL
 * @param mysqlName the session lock's name on MySQL (its DDL commits, so no transaction could hold
 *     a lock); SQLite has one writer already
 */
record SchemaLock(long postgresKey, String mysqlName) {
  static final SchemaLock TRACKING = new SchemaLock(7270111, "cairn_schema");
  // a key of its own: the tracking schema's lock may be held by the same server's start
  static final SchemaLock AUTH = new SchemaLock(7270112, "cairn_auth_schema");

  void acquire(Connection c, Dialect dialect) throws SQLException {
    switch (dialect) {
      case POSTGRESQL -> Jdbc.execute(c, "SELECT pg_advisory_xact_lock(" + postgresKey + ")");
      case MYSQL -> Jdbc.execute(c, "SELECT GET_LOCK('" + mysqlName + "', 60)");
      case SQLITE -> {}
    }
  }

  /** Releases MySQL's session lock; PostgreSQL's ends with the transaction. */
  void release(Connection c, Dialect dialect) throws SQLException {
    if (dialect == Dialect.MYSQL) {
      Jdbc.execute(c, "SELECT RELEASE_LOCK('" + mysqlName + "')");
    }
  }

  static boolean tableExists(Connection c, String table) throws SQLException {
    try (ResultSet rs = c.getMetaData().getTables(c.getCatalog(), c.getSchema(), table, null)) {
      return rs.next();
    }
  }
}
