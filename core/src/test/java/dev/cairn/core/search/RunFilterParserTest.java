package dev.cairn.core.search;

import static dev.cairn.core.search.Entity.ATTRIBUTE;
import static dev.cairn.core.search.Entity.DATASET;
import static dev.cairn.core.search.Entity.METRIC;
import static dev.cairn.core.search.Entity.PARAM;
import static dev.cairn.core.search.Entity.TAG;
import static dev.cairn.core.search.Operator.EQ;
import static dev.cairn.core.search.Operator.GE;
import static dev.cairn.core.search.Operator.GT;
import static dev.cairn.core.search.Operator.ILIKE;
import static dev.cairn.core.search.Operator.IN;
import static dev.cairn.core.search.Operator.IS_NOT_NULL;
import static dev.cairn.core.search.Operator.IS_NULL;
import static dev.cairn.core.search.Operator.LE;
import static dev.cairn.core.search.Operator.LIKE;
import static dev.cairn.core.search.Operator.LT;
import static dev.cairn.core.search.Operator.NE;
import static dev.cairn.core.search.Operator.NOT_IN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class RunFilterParserTest {

  static Stream<Arguments> singleClauses() {
    return Stream.of(
        // metrics: every numeric comparator, number forms, quoted keys, entity aliases
        row("metrics.acc > 0.9", METRIC, "acc", GT, 0.9),
        row("metric.acc >= 1", METRIC, "acc", GE, 1.0),
        row("metrics.acc < -1", METRIC, "acc", LT, -1.0),
        row("metrics.acc <= 1e5", METRIC, "acc", LE, 1e5),
        row("metrics.acc = 1.5E-3", METRIC, "acc", EQ, 1.5e-3),
        row("metrics.acc != .5", METRIC, "acc", NE, 0.5),
        row("metrics.acc > 1.", METRIC, "acc", GT, 1.0),
        row("metrics.acc>=-1.5", METRIC, "acc", GE, -1.5),
        row("metrics.\"my metric\" > 1", METRIC, "my metric", GT, 1.0),
        row("metrics.`my metric` > 1", METRIC, "my metric", GT, 1.0),
        row("metrics.'my metric' > 1", METRIC, "my metric", GT, 1.0),
        row("metrics.a.b.c > 1", METRIC, "a.b.c", GT, 1.0),
        row("metrics.1st_loss > 1", METRIC, "1st_loss", GT, 1.0),
        row("`metrics`.acc > 1", METRIC, "acc", GT, 1.0),
        row("metrics.`we``ird` > 1", METRIC, "we`ird", GT, 1.0),
        row("metrics.größe > 1", METRIC, "größe", GT, 1.0),
        // params: string comparators, both quote styles, all aliases
        row("params.lr = '0.01'", PARAM, "lr", EQ, "0.01"),
        row("params.lr = \"0.01\"", PARAM, "lr", EQ, "0.01"),
        row("param.lr != 'a'", PARAM, "lr", NE, "a"),
        row("parameter.lr LIKE '%a'", PARAM, "lr", LIKE, "%a"),
        row("parameters.lr ILIKE '%A'", PARAM, "lr", ILIKE, "%A"),
        row("params.lr like '%a'", PARAM, "lr", LIKE, "%a"),
        row("params.lr iLike '%a'", PARAM, "lr", ILIKE, "%a"),
        row("params.lr IS NULL", PARAM, "lr", IS_NULL, null),
        row("params.lr is not null", PARAM, "lr", IS_NOT_NULL, null),
        row("params.lr IS  NOT\tNULL", PARAM, "lr", IS_NOT_NULL, null),
        // tags: quoting of keys and values, escapes
        row("tags.`user-name` = 'x'", TAG, "user-name", EQ, "x"),
        row("tags.\"user-name\" = 'x'", TAG, "user-name", EQ, "x"),
        row("tag.note = 'it''s'", TAG, "note", EQ, "it's"),
        row("tag.note = \"say \"\"hi\"\"\"", TAG, "note", EQ, "say \"hi\""),
        row("tag.path = 'C:\\dir\\'", TAG, "path", EQ, "C:\\dir\\"),
        row("tags.x = ''", TAG, "x", EQ, ""),
        row("tags.mlflow.runName = 'r'", TAG, "mlflow.runName", EQ, "r"),
        row("tags.x IS NULL", TAG, "x", IS_NULL, null),
        row("tags.x = 'héllo ✓'", TAG, "x", EQ, "héllo ✓"),
        // string attributes, with and without prefix, and run name aliases
        row("run_id = 'abc'", ATTRIBUTE, "run_id", EQ, "abc"),
        row("attributes.run_id IN ('a1', 'b2')", ATTRIBUTE, "run_id", IN, List.of("a1", "b2")),
        row("run_id not in (\"a\",)", ATTRIBUTE, "run_id", NOT_IN, List.of("a")),
        row("attribute.status = 'FINISHED'", ATTRIBUTE, "status", EQ, "FINISHED"),
        row("attr.user_id LIKE 'a%'", ATTRIBUTE, "user_id", LIKE, "a%"),
        row("run.artifact_uri ILIKE 's3%'", ATTRIBUTE, "artifact_uri", ILIKE, "s3%"),
        row("run_name != 'x'", ATTRIBUTE, "run_name", NE, "x"),
        row("`run name` = 'x'", ATTRIBUTE, "run_name", EQ, "x"),
        row("\"Run name\" = 'x'", ATTRIBUTE, "run_name", EQ, "x"),
        row("attributes.`Run Name` = 'x'", ATTRIBUTE, "run_name", EQ, "x"),
        // numeric attributes and the created alias
        row("start_time > 1700000000000", ATTRIBUTE, "start_time", GT, 1700000000000L),
        row("attributes.end_time <= -5", ATTRIBUTE, "end_time", LE, -5L),
        row("created >= 10", ATTRIBUTE, "start_time", GE, 10L),
        row("Created = 1.7e3", ATTRIBUTE, "start_time", EQ, 1700L),
        // datasets
        row("datasets.name = 'iris'", DATASET, "name", EQ, "iris"),
        row("dataset.digest LIKE 'ab%'", DATASET, "digest", LIKE, "ab%"),
        row(
            "datasets.context IN ('train','eval')",
            DATASET,
            "context",
            IN,
            List.of("train", "eval")),
        row("`datasets`.context NOT IN ('x')", DATASET, "context", NOT_IN, List.of("x")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("singleClauses")
  void parsesOneClauseToItsCanonicalComparison(String filter, Comparison expected) {
    assertThat(FilterParser.parse(SearchScope.RUNS, filter)).containsExactly(expected);
  }

  @ParameterizedTest
  @NullSource
  @ValueSource(strings = {"", "   ", "\t\n"})
  void parsesNullOrBlankFilterToNoClauses(String filter) {
    assertThat(FilterParser.parse(SearchScope.RUNS, filter)).isEmpty();
  }

  @Test
  void parsesConjunctionInSourceOrderWithAnyCaseOfAnd() {
    String filter =
        "metrics.acc > 0.9 and params.model = 'cnn' AnD tags.t != 'q' AND run_id IN ('a')";
    assertThat(FilterParser.parse(SearchScope.RUNS, filter))
        .containsExactly(
            new Comparison(METRIC, "acc", GT, 0.9),
            new Comparison(PARAM, "model", EQ, "cnn"),
            new Comparison(TAG, "t", NE, "q"),
            new Comparison(ATTRIBUTE, "run_id", IN, List.of("a")));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "metrics.x>1 AND tags.y='z'",
        "  metrics.x  >  1   AND   tags.y  =  'z'  ",
        "\nmetrics.x\t>\t1\nAND\ttags.y\n=\n'z'\n",
        "AND metrics.x > 1 AND AND tags.y = 'z' AND"
      })
  void toleratesWhitespaceAndStrayAndsLikeMlflow(String filter) {
    assertThat(FilterParser.parse(SearchScope.RUNS, filter))
        .containsExactly(new Comparison(METRIC, "x", GT, 1.0), new Comparison(TAG, "y", EQ, "z"));
  }

  @Test
  void keepsAndInsideQuotedValuesAsText() {
    assertThat(FilterParser.parse(SearchScope.RUNS, "tags.x = 'a AND b = ''c'''"))
        .containsExactly(new Comparison(TAG, "x", EQ, "a AND b = 'c'"));
  }

  private static Arguments row(
      String filter, Entity entity, String key, Operator op, Object value) {
    return arguments(filter, new Comparison(entity, key, op, value));
  }
}
