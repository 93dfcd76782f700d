package dev.cairn.api.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import dev.cairn.api.WireEnums;

/**
 * A logged model's upload state. The wire uses the names (numbers accepted), the database the proto
 * numbers, which are the ordinals here.
 */
public enum LoggedModelStatus {
  LOGGED_MODEL_STATUS_UNSPECIFIED,
  LOGGED_MODEL_PENDING,
  LOGGED_MODEL_READY,
  LOGGED_MODEL_UPLOAD_FAILED;

  public int number() {
    return ordinal();
  }

  public static LoggedModelStatus fromNumber(int number) {
    LoggedModelStatus[] all = values();
    return number >= 0 && number < all.length ? all[number] : LOGGED_MODEL_STATUS_UNSPECIFIED;
  }

  @JsonCreator
  public static LoggedModelStatus fromWire(Object value) {
    return WireEnums.parse(LoggedModelStatus.class, value, LoggedModelStatus::number, "status");
  }
}
