package dev.cairn.server.routing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.api.ErrorCode;
import dev.cairn.core.CairnException;
import dev.cairn.server.http.HttpResponse;
import dev.cairn.server.http.MalformedRequestException;
import java.nio.charset.StandardCharsets;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place that turns any throwable into MLflow's error body {@code {"error_code", "message"}}
 * and status. Unexpected failures are logged with their stack and answered INTERNAL_ERROR without
 * internals.
 */
public record ApiError(int status, String errorCode, String message) {
  private static final Logger LOG = LoggerFactory.getLogger(ApiError.class);

  private static final JsonMapper JSON = new JsonMapper();

  public static ApiError of(ErrorCode code, String message) {
    return new ApiError(code.httpStatus(), code.name(), message);
  }

  /**
   * The answer carrying this error: {@code {"error_code", "message"}} plus the {@code sqlstate} and
   * {@code error_class} MLflow's server adds.
   */
  public HttpResponse toResponse() {
    ObjectNode node = JSON.createObjectNode();
    node.put("error_code", errorCode);
    node.put("message", message);
    ErrorClass.of(errorCode)
        .ifPresent(
            c -> {
              node.put("sqlstate", c.sqlstate());
              node.put("error_class", c.name());
            });
    return HttpResponse.json(status, node.toString().getBytes(StandardCharsets.UTF_8));
  }

  private static String expected(JsonMappingException e) {
    if (e instanceof MismatchedInputException m && m.getTargetType() != null) {
      Class<?> type = m.getTargetType();
      if (Number.class.isAssignableFrom(type) || type.isPrimitive()) {
        return "expected a number";
      }
      if (java.util.Collection.class.isAssignableFrom(type)) {
        return "expected a list";
      }
      if (type == String.class) {
        return "expected a string";
      }
      return "expected an object";
    }
    return "wrong type";
  }

  public static ApiError from(Throwable t) {
    if (t instanceof CairnException e) {
      return of(e.code(), e.getMessage());
    }
    if (t instanceof MalformedRequestException e) {
      return of(ErrorCode.BAD_REQUEST, e.getMessage());
    }
    if (t instanceof ValueInstantiationException e && e.getCause() != null) {
      return of(ErrorCode.INVALID_PARAMETER_VALUE, e.getCause().getMessage());
    }
    if (t instanceof JsonMappingException e && !e.getPath().isEmpty()) {
      String field =
          e.getPath().stream()
              .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
              .collect(Collectors.joining("."))
              .replace(".[", "[");
      return of(
          ErrorCode.INVALID_PARAMETER_VALUE,
          String.format("Invalid value for parameter '%s' supplied: %s", field, expected(e)));
    }
    if (t instanceof JsonProcessingException) {
      return of(ErrorCode.INVALID_PARAMETER_VALUE, "Malformed JSON in the request body.");
    }
    LOG.error("unexpected failure", t);
    return of(ErrorCode.INTERNAL_ERROR, "Internal server error.");
  }
}
