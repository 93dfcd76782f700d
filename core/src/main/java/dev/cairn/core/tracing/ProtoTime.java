package dev.cairn.core.tracing;

import dev.cairn.core.CairnException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * Protobuf's JSON forms of {@code Timestamp} ({@code 2026-01-02T03:04:05.120Z}) and {@code
 * Duration} ({@code 0.449s}) for millisecond values, as MLflow's server writes them: the fraction
 * has 0, 3, 6 or 9 digits.
 */
public final class ProtoTime {
  private ProtoTime() {}

  public static String timestamp(long millis) {
    Instant t = Instant.ofEpochMilli(millis);
    String s = t.truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();
    int ms = (int) Math.floorMod(millis, 1000L);
    return ms == 0 ? s : s.substring(0, s.length() - 1) + String.format(".%03dZ", ms);
  }

  public static String duration(long millis) {
    long seconds = millis / 1000;
    long ms = Math.abs(millis % 1000);
    String sign = millis < 0 && seconds == 0 ? "-" : "";
    return ms == 0 ? seconds + "s" : sign + seconds + String.format(".%03ds", ms);
  }

  /** Milliseconds of a Timestamp string; INVALID_PARAMETER_VALUE when malformed. */
  public static long parseTimestamp(String text) {
    try {
      Instant t = Instant.parse(text);
      return t.toEpochMilli();
    } catch (DateTimeParseException | ArithmeticException e) {
      throw CairnException.invalid("Invalid timestamp '%s'", text);
    }
  }

  /** Milliseconds of a Duration string ({@code 1.5s}); INVALID_PARAMETER_VALUE when malformed. */
  public static long parseDuration(String text) {
    if (text == null || !text.endsWith("s")) {
      throw CairnException.invalid("Invalid duration '%s'", text);
    }
    try {
      return new BigDecimal(text.substring(0, text.length() - 1))
          .movePointRight(3)
          .setScale(0, java.math.RoundingMode.DOWN)
          .longValueExact();
    } catch (NumberFormatException | ArithmeticException e) {
      throw CairnException.invalid("Invalid duration '%s'", text);
    }
  }
}
