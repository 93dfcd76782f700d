package dev.cairn.core.tracking;

import static dev.cairn.core.CairnException.invalid;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** MLflow's offset page tokens: base64 of {@code {"offset": N}}. Clients treat them as opaque. */
public final class PageTokens {
  private PageTokens() {}

  private static final Pattern OFFSET =
      Pattern.compile("^\\{\\s*\"offset\"\\s*:\\s*(\\d{1,10})\\s*}$");

  public static String encode(int offset) {
    String json = "{\"offset\": " + offset + "}";
    return Base64.getEncoder().encodeToString(json.getBytes(StandardCharsets.UTF_8));
  }

  /** The offset in a token; 0 for a null or empty token. */
  public static int decode(String token) {
    if (token == null || token.isEmpty()) {
      return 0;
    }
    try {
      String json = new String(Base64.getDecoder().decode(token.strip()), StandardCharsets.UTF_8);
      Matcher m = OFFSET.matcher(json.strip());
      if (m.matches()) {
        long offset = Long.parseLong(m.group(1));
        if (offset > 0 && offset <= Integer.MAX_VALUE) {
          return (int) offset;
        }
      }
    } catch (IllegalArgumentException e) {
      // fall through: not base64
    }
    throw invalid("Invalid page token, could not base64-decode");
  }

  /**
   * A metric-history token: MLflow's offset plus where the page ended ({@code "after"}), so the
   * next page is read from there instead of skipping {@code offset} points again.
   */
  public record HistoryToken(int offset, HistoryCursor after) {}

  private static final Pattern HISTORY =
      Pattern.compile(
          "^\\{\\s*\"offset\"\\s*:\\s*(\\d{1,10})\\s*,\\s*\"after\"\\s*:\\s*\"(-?\\d{1,19}):(-?\\d{1,19}):([0-9a-f]{16}):([01])\"\\s*}$");

  public static String encodeHistory(int offset, HistoryCursor after) {
    String json =
        String.format(
            "{\"offset\": %d, \"after\": \"%d:%d:%016x:%d\"}",
            offset,
            after.timestamp(),
            after.step(),
            Double.doubleToRawLongBits(after.storedValue()),
            after.isNan() ? 1 : 0);
    return Base64.getEncoder().encodeToString(json.getBytes(StandardCharsets.UTF_8));
  }

  /** A history token, or MLflow's plain offset token (no cursor); null or empty is the start. */
  public static HistoryToken decodeHistory(String token) {
    if (token != null && !token.isEmpty()) {
      try {
        String json =
            new String(Base64.getDecoder().decode(token.strip()), StandardCharsets.UTF_8).strip();
        Matcher m = HISTORY.matcher(json);
        if (m.matches()) {
          long offset = Long.parseLong(m.group(1));
          if (offset > 0 && offset <= Integer.MAX_VALUE) {
            return new HistoryToken(
                (int) offset,
                new HistoryCursor(
                    Long.parseLong(m.group(2)),
                    Long.parseLong(m.group(3)),
                    Double.longBitsToDouble(Long.parseUnsignedLong(m.group(4), 16)),
                    m.group(5).equals("1")));
          }
        }
      } catch (IllegalArgumentException e) {
        // fall through to the offset form, which reports a bad token
      }
    }
    return new HistoryToken(decode(token), null);
  }

  public static String next(Page<?> page, int offset) {
    return page.hasMore() ? encode(offset + page.items().size()) : null;
  }
}
