package dev.cairn.server.filters;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class LongStringsTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static String cap(String json, int keep) throws Exception {
    return new String(LongStrings.cap(json.getBytes(UTF_8), keep), UTF_8);
  }

  @Test
  void aBodyWithoutLongStringsPassesUnchanged() throws Exception {
    byte[] body = "{\"key\":\"value\",\"n\":[1,2],\"e\":\"\\u00e9\\\"\"}".getBytes(UTF_8);
    assertThat(LongStrings.cap(body, 5)).isEqualTo(body);
  }

  @Test
  void longStringsAreCutAfterTheUnitsKeptAndStayValidJson() throws Exception {
    String out = cap("{\"a\":\"0123456789\",\"b\":\"xy\",\"0123456789\":1}", 4);
    assertThat(out).isEqualTo("{\"a\":\"0123\",\"b\":\"xy\",\"0123\":1}");
    assertThat(JSON.readTree(out).path("a").asText()).isEqualTo("0123");
  }

  @Test
  void escapesAndMultiByteCharactersAreNeverSplit() throws Exception {
    assertThat(cap("[\"ab\\u0063de\"]", 3)).isEqualTo("[\"ab\\u0063\"]");
    assertThat(cap("[\"a\\\"bcd\"]", 2)).isEqualTo("[\"a\\\"\"]");
    assertThat(cap("[\"ééééé\"]", 2)).isEqualTo("[\"éé\"]");
    // A 4-byte character is two UTF-16 units: with 3 kept, the second one does not fit.
    assertThat(cap("[\"😀😀x\"]", 3)).isEqualTo("[\"😀\"]");
    assertThat(JSON.readTree(cap("[\"😀😀😀\",\"é\\u00e9\"]", 4)).toString())
        .isEqualTo("[\"😀😀\",\"é\\u00e9\"]".replace("\\u00e9", "é"));
  }

  @Test
  void aCutValueIsStillLongerThanEveryLimitAndKeepsItsStart() throws Exception {
    String big = "y".repeat(LongStrings.KEEP_LONG_VALUES + 5_000_000);
    byte[] body = ("{\"value\":\"" + big + "\"}").getBytes(UTF_8);
    String value =
        JSON.readTree(LongStrings.cap(body, LongStrings.KEEP_LONG_VALUES)).path("value").asText();
    assertThat(value)
        .hasSize(LongStrings.KEEP_LONG_VALUES)
        .isEqualTo(big.substring(0, LongStrings.KEEP_LONG_VALUES));
  }

  @Test
  void somethingThatIsNoJsonDoesNotBreakIt() throws Exception {
    assertThat(cap("\"unterminated", 3)).isEqualTo("\"unt");
    assertThat(cap("\\", 1)).isEqualTo("\\");
    assertThat(cap("[\"ab\\", 1)).isEqualTo("[\"a");
  }
}
