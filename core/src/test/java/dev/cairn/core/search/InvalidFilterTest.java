package dev.cairn.core.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.api.ErrorCode;
import dev.cairn.core.CairnException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Filters MLflow rejects (checked against MLflow 3.17.2) and a few it accepts by accident. */
class InvalidFilterTest {

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        // connectors and grouping
        "tags.x = 'a' OR tags.y = 'b'",
        "(tags.x = 'a')",
        "NOT tags.x = 'a'",
        "tags.x = 'a'; tags.y = 'b'",
        "tags.x = 'a' tags.y = 'b'", // MLflow accepts a missing AND; we do not
        "metrics.x > 1 -- comment",
        // incomplete clauses
        "tags.x",
        "tags.x =",
        "= 'a'",
        "tags.x LIKE",
        "tags.x IS",
        "tags.x IS NOT",
        "tags.x = 'a' = 'b'",
        "tags.",
        "tags .x = 'a'",
        ".x = 'a'",
        // quoting
        "tags.x = 'abc",
        "tags.x = \"abc",
        "tags.`x = 'a'",
        "tags.x = abc",
        "tags.x = `abc`",
        "params.lr = 0.01",
        "\"metrics\".x > 1",
        "tags.x = 'it\\'s'", // MLflow keeps the backslash literally; we treat it as text too
        // comparators
        "metrics.x <> 1",
        "metrics.x == 1",
        "metrics.x =< 1",
        "metrics.x LIKE 1",
        "metrics.x IS NULL",
        "params.lr > 'a'",
        "params.lr NOT LIKE 'a'",
        "params.lr IN ('a')",
        "tags.x IS NOT 'a'",
        "status > 'a'",
        "run_id IS NULL",
        "start_time LIKE 1",
        "datasets.name > 'a'",
        "datasets.name IS NULL",
        // values
        "metrics.x > '1'",
        "metrics.x > \"1\"",
        "metrics.x > - 1",
        "metrics.x > +1",
        "metrics.x > 0x10",
        "metrics.x > 1.5.3",
        "metrics.x > 1abc",
        "start_time > '1'",
        "start_time > 1.5", // MLflow's run search accepts a fractional timestamp; we do not
        "start_time > 99999999999999999999",
        "start_time > 1e999999999999",
        "run_id = ('a', 'b')",
        "run_id IN 'a'",
        "run_id IN ()",
        "run_id IN (1, 2)",
        "run_id IN ('a' 'b')",
        "run_id IN ('a',,'b')",
        "run_id IN ('a'",
        "run_name IN ('a')",
        "status NOT IN ('a')",
        // identifiers
        "METRICS.x > 1",
        "metric s.x > 1",
        "foo.x = 'a'",
        "x = 'a'",
        "lifecycle_stage = 'active'",
        "experiment_id = '0'",
        "attributes.`run Name` = 'x'",
        "datasets.foo = 'a'",
        "metrics.a-b > 1",
        "metrics.a/b > 1",
        "1 < metrics.x"
      })
  void rejectsMalformedOrUnsupportedRunFilter(String filter) {
    assertInvalid(SearchScope.RUNS, filter);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "attributes.name = 'a'",
        "attr.name = 'a'",
        "`attribute`.name = 'a'",
        "metrics.x > 1",
        "params.x = 'a'",
        "run_id = 'a'",
        "name IN ('a')",
        "name > 'a'",
        "name IS NULL",
        "tags.x IN ('a')",
        "tags.x > 'a'",
        "creation_time > 1.5",
        "creation_time > '1'",
        "creation_time LIKE 1",
        "experiment_id = 'a'",
        "experiment_id = 1",
        "experiment_id IN ('1', 'x')",
        "experiment_id LIKE '1'",
        "experiment_id > '1'",
        "lifecycle_stage = 'active'"
      })
  void rejectsMalformedOrUnsupportedExperimentFilter(String filter) {
    assertInvalid(SearchScope.EXPERIMENTS, filter);
  }

  private static void assertInvalid(SearchScope scope, String filter) {
    assertThatThrownBy(() -> FilterParser.parse(scope, filter))
        .isInstanceOfSatisfying(
            CairnException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_PARAMETER_VALUE));
  }
}
