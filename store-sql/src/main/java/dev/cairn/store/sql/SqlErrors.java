package dev.cairn.store.sql;

import dev.cairn.api.ErrorCode;
import dev.cairn.core.CairnException;
import java.sql.SQLException;
import java.sql.SQLIntegrityConstraintViolationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Turns JDBC failures into MLflow's errors without leaking SQL to the caller. */
public final class SqlErrors {
  private static final Logger LOG = LoggerFactory.getLogger(SqlErrors.class);

  private SqlErrors() {}

  public static CairnException translate(SQLException e) {
    String message = String.valueOf(e.getMessage());
    if (message.contains("SQLITE_BUSY") || message.contains("database is locked")) {
      // MLflow maps operational errors to TEMPORARILY_UNAVAILABLE (503), which clients retry.
      return new CairnException(
          ErrorCode.TEMPORARILY_UNAVAILABLE, "The database is busy; please retry.", e);
    }
    if (e instanceof SQLIntegrityConstraintViolationException
        || message.contains("CONSTRAINT")
        || "23505".equals(e.getSQLState())) {
      // MLflow surfaces unhandled integrity errors as BAD_REQUEST (400).
      return new CairnException(
          ErrorCode.BAD_REQUEST, "The request conflicts with stored data.", e);
    }
    LOG.error("database error", e);
    return new CairnException(ErrorCode.INTERNAL_ERROR, "Internal database error.", e);
  }
}
