package dev.cairn.core;

import dev.cairn.api.ErrorCode;

/** The one exception type: an MLflow error code and a message safe to show to the caller. */
public final class CairnException extends RuntimeException {
  private final ErrorCode code;

  public CairnException(ErrorCode code, String message) {
    super(message);
    this.code = code;
  }

  public CairnException(ErrorCode code, String message, Throwable cause) {
    super(message, cause);
    this.code = code;
  }

  public ErrorCode code() {
    return code;
  }

  public static CairnException invalid(String format, Object... args) {
    return new CairnException(ErrorCode.INVALID_PARAMETER_VALUE, String.format(format, args));
  }

  public static CairnException notFound(String format, Object... args) {
    return new CairnException(ErrorCode.RESOURCE_DOES_NOT_EXIST, String.format(format, args));
  }

  public static CairnException alreadyExists(String format, Object... args) {
    return new CairnException(ErrorCode.RESOURCE_ALREADY_EXISTS, String.format(format, args));
  }

  public static CairnException invalidState(String format, Object... args) {
    return new CairnException(ErrorCode.INVALID_STATE, String.format(format, args));
  }

  public static CairnException badRequest(String format, Object... args) {
    return new CairnException(ErrorCode.BAD_REQUEST, String.format(format, args));
  }
}
