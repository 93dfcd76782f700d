package dev.cairn.client;

/**
 * A tracking call failed: the server refused it (then {@link #errorCode()} is MLflow's code, e.g.
 * {@code RESOURCE_DOES_NOT_EXIST}, and {@link #httpStatus()} its status), or it could not be sent.
 */
public class TrackingException extends RuntimeException {
  private final String errorCode;
  private final int httpStatus;

  public TrackingException(String message, Throwable cause) {
    super(message, cause);
    this.errorCode = null;
    this.httpStatus = 0;
  }

  public TrackingException(String errorCode, int httpStatus, String message) {
    super(message);
    this.errorCode = errorCode;
    this.httpStatus = httpStatus;
  }

  /** MLflow's error code from the answer, or {@code null} when the server never answered. */
  public String errorCode() {
    return errorCode;
  }

  /** The HTTP status, or 0 when the server never answered. */
  public int httpStatus() {
    return httpStatus;
  }
}
