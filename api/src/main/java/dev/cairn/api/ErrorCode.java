package dev.cairn.api;

/**
 * MLflow's error codes (databricks.proto {@code ErrorCode}) with the HTTP status MLflow's server
 * answers for each. Codes MLflow does not map explicitly answer 500, as MLflow does.
 */
public enum ErrorCode {
  INTERNAL_ERROR(500),
  TEMPORARILY_UNAVAILABLE(503),
  IO_ERROR(500),
  BAD_REQUEST(400),
  DEADLINE_EXCEEDED(504),
  CANCELLED(499),
  RESOURCE_EXHAUSTED(429),
  ABORTED(409),
  NOT_FOUND(404),
  ALREADY_EXISTS(409),
  UNAUTHENTICATED(401),
  INVALID_PARAMETER_VALUE(400),
  ENDPOINT_NOT_FOUND(404),
  MALFORMED_REQUEST(500),
  INVALID_STATE(500),
  PERMISSION_DENIED(403),
  FEATURE_DISABLED(500),
  CUSTOMER_UNAUTHORIZED(401),
  REQUEST_LIMIT_EXCEEDED(429),
  RESOURCE_CONFLICT(409),
  NOT_IMPLEMENTED(501),
  DATA_LOSS(500),
  INVALID_STATE_TRANSITION(500),
  // MLflow answers RESOURCE_ALREADY_EXISTS with 400, not 409; clients branch on the code, not the
  // status.
  RESOURCE_ALREADY_EXISTS(400),
  RESOURCE_DOES_NOT_EXIST(404);

  private final int httpStatus;

  ErrorCode(int httpStatus) {
    this.httpStatus = httpStatus;
  }

  public int httpStatus() {
    return httpStatus;
  }
}
