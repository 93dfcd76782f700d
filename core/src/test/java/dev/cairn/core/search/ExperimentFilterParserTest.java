package dev.cairn.core.search;

import static dev.cairn.core.search.Entity.ATTRIBUTE;
import static dev.cairn.core.search.Entity.TAG;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ExperimentFilterParserTest {

  static Stream<Arguments> singleClauses() {
    return Stream.of(
        row("name = 'exp'", ATTRIBUTE, "name", Operator.EQ, "exp"),
        row("attribute.name != \"exp\"", ATTRIBUTE, "name", Operator.NE, "exp"),
        row("name LIKE 'e%'", ATTRIBUTE, "name", Operator.LIKE, "e%"),
        row("name ilike 'E%'", ATTRIBUTE, "name", Operator.ILIKE, "E%"),
        row("creation_time > 100", ATTRIBUTE, "creation_time", Operator.GT, 100L),
        row("last_update_time <= 5", ATTRIBUTE, "last_update_time", Operator.LE, 5L),
        row("experiment_id = '7'", ATTRIBUTE, "experiment_id", Operator.EQ, "7"),
        row(
            "experiment_id IN ('1', '2')",
            ATTRIBUTE,
            "experiment_id",
            Operator.IN,
            List.of("1", "2")),
        row(
            "experiment_id NOT IN ('3')",
            ATTRIBUTE,
            "experiment_id",
            Operator.NOT_IN,
            List.of("3")),
        row("tags.team = 'ml'", TAG, "team", Operator.EQ, "ml"),
        row("tag.`owner name` LIKE 'a%'", TAG, "owner name", Operator.LIKE, "a%"),
        row("tags.team IS NULL", TAG, "team", Operator.IS_NULL, null),
        row("tags.team IS NOT NULL", TAG, "team", Operator.IS_NOT_NULL, null));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("singleClauses")
  void parsesOneClauseToItsCanonicalComparison(String filter, Comparison expected) {
    assertThat(FilterParser.parse(SearchScope.EXPERIMENTS, filter)).containsExactly(expected);
  }

  @Test
  void parsesConjunctionOfAttributeAndTagClauses() {
    assertThat(FilterParser.parse(SearchScope.EXPERIMENTS, "name LIKE 'a%' and tags.x = 'y'"))
        .containsExactly(
            new Comparison(ATTRIBUTE, "name", Operator.LIKE, "a%"),
            new Comparison(TAG, "x", Operator.EQ, "y"));
  }

  private static Arguments row(
      String filter, Entity entity, String key, Operator op, Object value) {
    return arguments(filter, new Comparison(entity, key, op, value));
  }
}
