package dev.cairn.core.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.api.ErrorCode;
import dev.cairn.core.CairnException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class OrderByParserTest {

  @Test
  void itemsDefaultToAscendingAndResolveAliases() {
    assertThat(
            OrderByParser.parse(
                SearchScope.RUNS,
                List.of("metrics.acc DESC", "params.lr", "created asc", "tags.`a b` desc")))
        .containsExactly(
            new OrderBy(Entity.METRIC, "acc", false),
            new OrderBy(Entity.PARAM, "lr", true),
            new OrderBy(Entity.ATTRIBUTE, "start_time", true),
            new OrderBy(Entity.TAG, "a b", false));
  }

  @Test
  void experimentsOrderByTheirAttributes() {
    assertThat(OrderByParser.parse(SearchScope.EXPERIMENTS, List.of("name DESC", "experiment_id")))
        .containsExactly(
            new OrderBy(Entity.ATTRIBUTE, "name", false),
            new OrderBy(Entity.ATTRIBUTE, "experiment_id", true));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "metrics.acc SIDEWAYS",
        "foo.bar",
        "attributes.nope",
        "",
        "metrics.acc DESC ASC",
        "datasets.name",
        "metrics.",
        "metrics.acc,"
      })
  void malformedItemsAreInvalidParameterValue(String item) {
    assertThatThrownBy(() -> OrderByParser.parse(SearchScope.RUNS, List.of(item)))
        .isInstanceOf(CairnException.class)
        .extracting(e -> ((CairnException) e).code())
        .isEqualTo(ErrorCode.INVALID_PARAMETER_VALUE);
  }

  @Test
  void aRepeatedFieldIsInvalidParameterValue() {
    assertThatThrownBy(
            () -> OrderByParser.parse(SearchScope.RUNS, List.of("metrics.a", "metrics.a DESC")))
        .isInstanceOf(CairnException.class)
        .extracting(e -> ((CairnException) e).code())
        .isEqualTo(ErrorCode.INVALID_PARAMETER_VALUE);
  }
}
