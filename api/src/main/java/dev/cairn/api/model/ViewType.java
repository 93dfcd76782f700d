package dev.cairn.api.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import dev.cairn.api.WireEnums;

/** Which lifecycle stages a search returns; MLflow's default is {@link #ACTIVE_ONLY}. */
public enum ViewType {
  ACTIVE_ONLY(1),
  DELETED_ONLY(2),
  ALL(3);

  private final int number;

  ViewType(int number) {
    this.number = number;
  }

  public int number() {
    return number;
  }

  @JsonCreator
  public static ViewType fromWire(Object value) {
    return WireEnums.parse(ViewType.class, value, ViewType::number, "view_type");
  }
}
