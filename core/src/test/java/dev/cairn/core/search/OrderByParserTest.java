package dev.cairn.core.search;

import static dev.cairn.core.search.Entity.ATTRIBUTE;
import static dev.cairn.core.search.Entity.METRIC;
import static dev.cairn.core.search.Entity.PARAM;
import static dev.cairn.core.search.Entity.TAG;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import dev.cairn.api.ErrorCode;
import dev.cairn.core.CairnException;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class OrderByParserTest {

  static Stream<Arguments> runItems() {
    return Stream.of(
        arguments("start_time", new OrderBy(ATTRIBUTE, "start_time", true)),
        arguments("start_time DESC", new OrderBy(ATTRIBUTE, "start_time", false)),
        arguments("start_time desc", new OrderBy(ATTRIBUTE, "start_time", false)),
        arguments("start_time Asc", new OrderBy(ATTRIBUTE, "start_time", true)),
        arguments("created DESC", new OrderBy(ATTRIBUTE, "start_time", false)),
        arguments("Created", new OrderBy(ATTRIBUTE, "start_time", true)),
        arguments("attributes.run_name", new OrderBy(ATTRIBUTE, "run_name", true)),
        arguments("run_id", new OrderBy(ATTRIBUTE, "run_id", true)),
        arguments("user_id", new OrderBy(ATTRIBUTE, "user_id", true)),
        arguments("status", new OrderBy(ATTRIBUTE, "status", true)),
        arguments("end_time", new OrderBy(ATTRIBUTE, "end_time", true)),
        arguments("artifact_uri", new OrderBy(ATTRIBUTE, "artifact_uri", true)),
        arguments("metrics.acc", new OrderBy(METRIC, "acc", true)),
        arguments("metrics.`val loss` DESC", new OrderBy(METRIC, "val loss", false)),
        arguments("metrics.\"val loss\" DESC", new OrderBy(METRIC, "val loss", false)),
        arguments("metric.a.b", new OrderBy(METRIC, "a.b", true)),
        arguments("params.lr", new OrderBy(PARAM, "lr", true)),
        arguments("tags.`mlflow.user`", new OrderBy(TAG, "mlflow.user", true)),
        arguments("  metrics.acc   DESC  ", new OrderBy(METRIC, "acc", false)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("runItems")
  void parsesRunOrderByItem(String item, OrderBy expected) {
    assertThat(OrderByParser.parse(SearchScope.RUNS, List.of(item))).containsExactly(expected);
  }

  @Test
  void parsesExperimentOrderByKeys() {
    assertThat(
            OrderByParser.parse(
                SearchScope.EXPERIMENTS,
                List.of(
                    "name",
                    "experiment_id DESC",
                    "attribute.creation_time",
                    "last_update_time asc")))
        .containsExactly(
            new OrderBy(ATTRIBUTE, "name", true),
            new OrderBy(ATTRIBUTE, "experiment_id", false),
            new OrderBy(ATTRIBUTE, "creation_time", true),
            new OrderBy(ATTRIBUTE, "last_update_time", true));
  }

  @Test
  void parsesNullOrEmptyListToNoItems() {
    assertThat(OrderByParser.parse(SearchScope.RUNS, null)).isEmpty();
    assertThat(OrderByParser.parse(SearchScope.RUNS, List.of())).isEmpty();
  }

  @Test
  void acceptsRepeatedExperimentFieldLikeMlflow() {
    assertThat(OrderByParser.parse(SearchScope.EXPERIMENTS, List.of("name", "name DESC")))
        .hasSize(2);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "",
        "   ",
        "start_time ASC DESC",
        "start_time up",
        "start_time 5",
        "metrics.x, metrics.y",
        "`run name`",
        "datasets.name",
        "lifecycle_stage",
        "experiment_id",
        "METRICS.x",
        "metrics.x > 1",
        "tags.`unterminated",
        "(start_time)",
        "start_time|created"
      })
  void rejectsInvalidRunOrderBy(String items) {
    assertInvalid(SearchScope.RUNS, Arrays.asList(items.split("\\|", -1)));
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "tags.x",
        "start_time",
        "attributes.name",
        "name sideways",
      })
  void rejectsInvalidExperimentOrderBy(String item) {
    assertInvalid(SearchScope.EXPERIMENTS, List.of(item));
  }

  @Test
  void rejectsSameRunFieldTwiceWhateverTheDirection() {
    assertInvalid(SearchScope.RUNS, List.of("metrics.x", "metrics.x DESC"));
    assertInvalid(SearchScope.RUNS, List.of("created", "start_time DESC"));
  }

  @Test
  void rejectsNullItem() {
    assertInvalid(SearchScope.RUNS, Arrays.asList("start_time", null));
  }

  private static void assertInvalid(SearchScope scope, List<String> orderBy) {
    assertThatThrownBy(() -> OrderByParser.parse(scope, orderBy))
        .isInstanceOfSatisfying(
            CairnException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_PARAMETER_VALUE));
  }
}
