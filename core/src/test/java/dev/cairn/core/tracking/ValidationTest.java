package dev.cairn.core.tracking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.api.ErrorCode;
import dev.cairn.core.CairnException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ValidationTest {

  private static void assertInvalid(Runnable r) {
    assertThatThrownBy(r::run)
        .isInstanceOf(CairnException.class)
        .extracting(e -> ((CairnException) e).code())
        .isEqualTo(ErrorCode.INVALID_PARAMETER_VALUE);
  }

  @ParameterizedTest
  @ValueSource(strings = {"loss", "val/loss-per class.top 1:avg", "épsilon", "a_b", "x.y.z"})
  void keysWithMlflowCharactersAreAccepted(String key) {
    assertThat(Validation.key(key, "key")).isEqualTo(key);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"", "a//b", "a/./b", "a/", "/a", "../a", "..", ".", "a;b", "a\\b", "a\nb"})
  void keysThatAreNotMlflowNamesOrResolveElsewhereAreRejected(String key) {
    assertInvalid(() -> Validation.key(key, "key"));
  }

  @Test
  void keysAreAtMost250Characters() {
    assertThat(Validation.key("k".repeat(250), "key")).hasSize(250);
    assertInvalid(() -> Validation.key("k".repeat(251), "key"));
  }

  @Test
  void missingAndEmptyRequiredValuesAreRejected() {
    assertInvalid(() -> Validation.require(null, "name"));
    assertInvalid(() -> Validation.require("", "name"));
    assertThat(Validation.require("x", "name")).isEqualTo("x");
  }

  @Test
  void experimentIdsMustBeIntegers() {
    assertThat(Validation.experimentId("42")).isEqualTo("42");
    assertInvalid(() -> Validation.experimentId("abc"));
    assertInvalid(() -> Validation.experimentId("99999999999999999999999"));
  }

  @Test
  void maxResultsMustBePositiveAndWithinTheLimit() {
    assertThat(Validation.maxResults(null, 1000, 50_000)).isEqualTo(1000);
    assertThat(Validation.maxResults(50_000, 1000, 50_000)).isEqualTo(50_000);
    assertInvalid(() -> Validation.maxResults(50_001, 1000, 50_000));
    assertInvalid(() -> Validation.maxResults(0, 1000, 50_000));
    assertInvalid(() -> Validation.maxResults(-5L, 1000, 50_000));
  }

  @Test
  void longValuesAreTruncated() {
    assertThat(Validation.truncate("x".repeat(7000), 6000)).hasSize(6000);
    assertThat(Validation.truncate("short", 6000)).isEqualTo("short");
  }
}
