package dev.cairn.core.gc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.api.ErrorCode;
import dev.cairn.core.CairnException;
import dev.cairn.core.gc.GarbageCollector.Durations;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DurationsTest {
  @ParameterizedTest
  @CsvSource({
    "30d, 2592000000",
    "8h, 28800000",
    "2m4s, 124000",
    "2d8h5m20s, 201920000",
    "1.5h, 5400000",
    "0s, 0",
    "0d, 0",
  })
  void mlflowOlderThanFormats(String text, long ms) {
    assertThat(Durations.parse(text)).isEqualTo(ms);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "30", "d", "1w", "5s3m", "-1d", "1 d", "1.2.3h"})
  void otherTextIsInvalidWithMlflowsMessage(String text) {
    assertThatThrownBy(() -> Durations.parse(text))
        .isInstanceOfSatisfying(
            CairnException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_PARAMETER_VALUE))
        .hasMessageContaining("Could not parse any time information from '" + text + "'");
  }
}
