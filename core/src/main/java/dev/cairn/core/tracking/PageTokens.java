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

  public static String next(Page<?> page, int offset) {
    return page.hasMore() ? encode(offset + page.items().size()) : null;
  }
}
