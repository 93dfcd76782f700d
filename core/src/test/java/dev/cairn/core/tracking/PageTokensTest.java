package dev.cairn.core.tracking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.api.ErrorCode;
import dev.cairn.core.CairnException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PageTokensTest {

  @Test
  void tokensAreMlflowsBase64OffsetJson() {
    assertThat(PageTokens.encode(1000)).isEqualTo("eyJvZmZzZXQiOiAxMDAwfQ==");
    assertThat(PageTokens.decode("eyJvZmZzZXQiOiAxMDAwfQ==")).isEqualTo(1000);
  }

  @Test
  void noTokenMeansTheFirstPage() {
    assertThat(PageTokens.decode(null)).isZero();
    assertThat(PageTokens.decode("")).isZero();
  }

  @Test
  void nextTokenOnlyWhenMoreRowsFollow() {
    assertThat(PageTokens.next(new Page<>(List.of(1, 2), true), 10))
        .isEqualTo(PageTokens.encode(12));
    assertThat(PageTokens.next(new Page<>(List.of(1, 2), false), 10)).isNull();
  }

  @Test
  void historyTokensCarryTheCursorExactlyAndStillReadPlainOffsets() {
    HistoryCursor cursor = new HistoryCursor(-5, Long.MAX_VALUE, -0.1 + 1e-17, true);
    PageTokens.HistoryToken t = PageTokens.decodeHistory(PageTokens.encodeHistory(25_000, cursor));
    assertThat(t.offset()).isEqualTo(25_000);
    assertThat(t.after()).isEqualTo(cursor);
    assertThat(PageTokens.decodeHistory(PageTokens.encode(7)))
        .isEqualTo(new PageTokens.HistoryToken(7, null));
    assertThat(PageTokens.decodeHistory(null)).isEqualTo(new PageTokens.HistoryToken(0, null));
    assertThatThrownBy(() -> PageTokens.decodeHistory("e30=")).isInstanceOf(CairnException.class);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"not base64!", "e30=", "eyJvZmZzZXQiOiAwfQ==", "eyJvZmZzZXQiOiAtMX0=", "abc"})
  void malformedTokensAreInvalidParameterValue(String token) {
    assertThatThrownBy(() -> PageTokens.decode(token))
        .isInstanceOf(CairnException.class)
        .extracting(e -> ((CairnException) e).code())
        .isEqualTo(ErrorCode.INVALID_PARAMETER_VALUE);
  }
}
