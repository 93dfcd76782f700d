package dev.cairn.core.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.api.ErrorCode;
import dev.cairn.core.CairnException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FilterParserTest {

  private static Comparison one(String filter) {
    List<Comparison> all = FilterParser.parse(SearchScope.RUNS, filter);
    assertThat(all).hasSize(1);
    return all.get(0);
  }

  @Test
  void blankFilterHasNoClauses() {
    assertThat(FilterParser.parse(SearchScope.RUNS, null)).isEmpty();
    assertThat(FilterParser.parse(SearchScope.RUNS, "  ")).isEmpty();
  }

  @Test
  void metricComparisonsTakeNumbers() {
    assertThat(one("metrics.acc > 0.5"))
        .isEqualTo(new Comparison(Entity.METRIC, "acc", Operator.GT, 0.5));
    assertThat(one("metric.loss <= -1e-3"))
        .isEqualTo(new Comparison(Entity.METRIC, "loss", Operator.LE, -1e-3));
    assertThat(one("metrics.acc != 1"))
        .isEqualTo(new Comparison(Entity.METRIC, "acc", Operator.NE, 1.0));
    assertThat(one("metrics.acc = .5"))
        .isEqualTo(new Comparison(Entity.METRIC, "acc", Operator.EQ, 0.5));
  }

  @Test
  void quotedKeysMayHoldSpacesDashesAndDots() {
    assertThat(one("metrics.\"val loss\" < 1").key()).isEqualTo("val loss");
    assertThat(one("tags.`user-name` = 'x'").key()).isEqualTo("user-name");
    assertThat(one("`metrics`.`a b` > 1").entity()).isEqualTo(Entity.METRIC);
    assertThat(one("params.model.encoder.layers = '12'").key()).isEqualTo("model.encoder.layers");
    assertThat(one("tags.mlflow.parentRunId = 'abc'").key()).isEqualTo("mlflow.parentRunId");
  }

  @Test
  void stringValuesTakeSingleOrDoubleQuotesWithDoubledQuoteEscapes() {
    assertThat(one("params.lr = '0.01'").value()).isEqualTo("0.01");
    assertThat(one("params.lr = \"0.01\"").value()).isEqualTo("0.01");
    assertThat(one("tags.note = 'it''s'").value()).isEqualTo("it's");
  }

  @Test
  void keywordsAreCaseInsensitive() {
    List<Comparison> c =
        FilterParser.parse(
            SearchScope.RUNS, "params.a like 'x%' and tags.b IlIkE 'y' AND tags.c is not null");
    assertThat(c)
        .extracting(Comparison::operator)
        .containsExactly(Operator.LIKE, Operator.ILIKE, Operator.IS_NOT_NULL);
  }

  @Test
  void nullChecksApplyToParamsAndTags() {
    assertThat(one("params.lr IS NULL"))
        .isEqualTo(new Comparison(Entity.PARAM, "lr", Operator.IS_NULL, null));
    assertThat(one("tags.t IS NOT NULL").operator()).isEqualTo(Operator.IS_NOT_NULL);
  }

  @Test
  void attributeAliasesResolveToCanonicalNames() {
    assertThat(one("created > 5"))
        .isEqualTo(new Comparison(Entity.ATTRIBUTE, "start_time", Operator.GT, 5L));
    assertThat(one("`Run name` = 'r'").key()).isEqualTo("run_name");
    assertThat(one("attributes.run_name LIKE 'r%'").key()).isEqualTo("run_name");
    assertThat(one("attr.status = 'FINISHED'").key()).isEqualTo("status");
    assertThat(one("run.end_time <= 10").value()).isEqualTo(10L);
  }

  @Test
  void runIdTakesInAndNotInLists() {
    assertThat(one("attributes.run_id IN ('a', \"b\")").value()).isEqualTo(List.of("a", "b"));
    assertThat(one("run_id NOT IN ('a')").operator()).isEqualTo(Operator.NOT_IN);
  }

  @Test
  void datasetFieldsTakeStringsAndLists() {
    assertThat(one("datasets.name = 'train'"))
        .isEqualTo(new Comparison(Entity.DATASET, "name", Operator.EQ, "train"));
    assertThat(one("dataset.digest IN ('a','b')").value()).isEqualTo(List.of("a", "b"));
    assertThat(one("datasets.context ILIKE 'TRAIN%'").operator()).isEqualTo(Operator.ILIKE);
  }

  @Test
  void experimentFiltersAcceptNameTimesAndTags() {
    List<Comparison> c =
        FilterParser.parse(
            SearchScope.EXPERIMENTS,
            "name LIKE 'a%' AND creation_time > 5 AND tags.owner = 'ann' AND tag.x IS NULL");
    assertThat(c)
        .extracting(Comparison::entity)
        .containsExactly(Entity.ATTRIBUTE, Entity.ATTRIBUTE, Entity.TAG, Entity.TAG);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "metrics.acc >> 1",
        "metrics.acc > 1 OR metrics.acc < 0",
        "(metrics.acc > 1)",
        "NOT metrics.acc > 1",
        "foo.bar = 'x'",
        "attributes.unknown = 'x'",
        "params.lr > '0.1'",
        "params.lr = 0.1",
        "metrics.acc > '1'",
        "metrics.acc > abc",
        "metrics.acc > 1d",
        "tags.t = 'unterminated",
        "metrics.acc",
        "metrics.acc >",
        "metrics.acc > 1 AND",
        "metrics.acc > 1 metrics.b > 2",
        "params.lr IN ('a')",
        "run_name IN ('a')",
        "start_time > 1.5",
        "start_time = 'x'",
        "datasets.unknown = 'x'",
        "datasets.name > 'x'",
        "run_id IN 'a'",
        "run_id IN ('a',)",
        "run_id IN ('a'",
        "metrics.acc IS NULL",
        "status LIKE",
        "! = 3",
        "params.a = 'x' AND AND params.b = 'y'",
        "metrics.acc > 1;",
        "metrics.acc > 1 -- comment",
      })
  void malformedRunFiltersAreInvalidParameterValue(String filter) {
    assertThatThrownBy(() -> FilterParser.parse(SearchScope.RUNS, filter))
        .isInstanceOf(CairnException.class)
        .extracting(e -> ((CairnException) e).code())
        .isEqualTo(ErrorCode.INVALID_PARAMETER_VALUE);
  }

  @ParameterizedTest
  @ValueSource(strings = {"name >> 'x'", "metrics.a > 1", "params.a = 'x'", "experiment_id = '1'"})
  void malformedExperimentFiltersAreInvalidParameterValue(String filter) {
    assertThatThrownBy(() -> FilterParser.parse(SearchScope.EXPERIMENTS, filter))
        .isInstanceOf(CairnException.class)
        .extracting(e -> ((CairnException) e).code())
        .isEqualTo(ErrorCode.INVALID_PARAMETER_VALUE);
  }
}
