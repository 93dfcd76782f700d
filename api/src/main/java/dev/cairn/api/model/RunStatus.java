package dev.cairn.api.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import dev.cairn.api.WireEnums;

/** Run status; MLflow accepts the enum name or its proto number. */
public enum RunStatus {
  RUNNING(1),
  SCHEDULED(2),
  FINISHED(3),
  FAILED(4),
  KILLED(5);

  private final int number;

  RunStatus(int number) {
    this.number = number;
  }

  public int number() {
    return number;
  }

  @JsonCreator
  public static RunStatus fromWire(Object value) {
    return WireEnums.parse(RunStatus.class, value, RunStatus::number, "status");
  }

  public boolean isTerminated() {
    return this == FINISHED || this == FAILED || this == KILLED;
  }
}
