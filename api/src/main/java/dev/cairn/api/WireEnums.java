package dev.cairn.api;

import java.util.Locale;
import java.util.function.ToIntFunction;

/** Decodes proto enums the way MLflow's JSON parser does: by name (any case) or by proto number. */
public final class WireEnums {
  private WireEnums() {}

  public static <E extends Enum<E>> E parse(
      Class<E> type, Object value, ToIntFunction<E> number, String field) {
    if (value == null) {
      return null;
    }
    for (E e : type.getEnumConstants()) {
      if (value instanceof Number n && n.intValue() == number.applyAsInt(e)) {
        return e;
      }
      if (value instanceof String s && e.name().equals(s.toUpperCase(Locale.ROOT))) {
        return e;
      }
    }
    throw new IllegalArgumentException(
        String.format("Invalid value '%s' for parameter '%s'", value, field));
  }
}
