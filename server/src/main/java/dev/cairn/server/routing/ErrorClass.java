package dev.cairn.server.routing;

import java.util.Optional;

/**
 * The classification MLflow's server adds to error bodies ({@code sqlstate}, {@code error_class});
 * clients tolerate its absence, so codes without a class get none.
 */
public enum ErrorClass {
  INVALID_PARAMETER_VALUE("KAM00"),
  RESOURCE_NOT_FOUND("KAM00"),
  RESOURCE_ALREADY_EXISTS("KAM00"),
  PERMISSION_DENIED("KAM00"),
  FEATURE_DISABLED("KAM00"),
  CLIENT_INTERNAL_ERROR("XXM00");

  private final String sqlstate;

  ErrorClass(String sqlstate) {
    this.sqlstate = sqlstate;
  }

  public String sqlstate() {
    return sqlstate;
  }

  public static Optional<ErrorClass> of(String errorCode) {
    return Optional.ofNullable(
        switch (errorCode) {
          case "INVALID_PARAMETER_VALUE", "BAD_REQUEST" -> INVALID_PARAMETER_VALUE;
          case "RESOURCE_DOES_NOT_EXIST", "NOT_FOUND", "ENDPOINT_NOT_FOUND" -> RESOURCE_NOT_FOUND;
          case "RESOURCE_ALREADY_EXISTS" -> RESOURCE_ALREADY_EXISTS;
          case "PERMISSION_DENIED", "CUSTOMER_UNAUTHORIZED" -> PERMISSION_DENIED;
          case "FEATURE_DISABLED" -> FEATURE_DISABLED;
          case "INTERNAL_ERROR", "INVALID_STATE", "TEMPORARILY_UNAVAILABLE" ->
              CLIENT_INTERNAL_ERROR;
          default -> null;
        });
  }
}
