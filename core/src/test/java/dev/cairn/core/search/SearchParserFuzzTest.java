package dev.cairn.core.search;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.api.ErrorCode;
import dev.cairn.core.CairnException;
import java.util.List;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Whatever string a client sends, the parsers either return well-typed clauses or throw {@link
 * CairnException} with INVALID_PARAMETER_VALUE: never an NPE, index or number format error. Seeds
 * are fixed so a run is reproducible.
 */
class SearchParserFuzzTest {
  private static final List<String> VALID_FILTERS =
      List.of(
          "metrics.acc > 0.9 AND params.model = 'cnn'",
          "tags.`user-name` LIKE 'a%' and run_id IN ('a1', \"b2\")",
          "metrics.\"my metric\" <= -1.5e-3 AND attributes.`Run name` != 'x'",
          "datasets.context NOT IN ('train',) AND tags.x IS NOT NULL",
          "created >= 1700000000000 AND status = 'FINISHED' AND params.p IS NULL",
          "name ILIKE 'exp%' AND experiment_id IN ('1','2') AND creation_time < 5",
          "tags.note = 'it''s' AND last_update_time != 0");
  private static final List<String> FRAGMENTS =
      List.of(
          "metrics.",
          "metric.",
          "params.",
          "tags.",
          "attributes.",
          "attribute.",
          "datasets.",
          "`metrics`.",
          "x",
          "acc",
          "run_id",
          "run_name",
          "start_time",
          "created",
          "`run name`",
          "name",
          "experiment_id",
          "creation_time",
          "context",
          "\"my metric\"",
          "'a'",
          "''",
          "'it''s'",
          "\"v\"",
          "\"",
          "'",
          "`",
          "=",
          "!=",
          "<>",
          "<",
          "<=",
          ">",
          ">=",
          "==",
          "LIKE",
          "ilike",
          "IN",
          "in",
          "NOT",
          "IS",
          "NULL",
          "AND",
          "and",
          "OR",
          "ASC",
          "desc",
          "(",
          ")",
          ",",
          ".",
          "1",
          "-1",
          "1.5",
          "1e5",
          ".5",
          "1.",
          "1e",
          "1e+",
          "-",
          "+",
          "-.",
          "0x1f",
          "99999999999999999999",
          "1e99999999999",
          "1e-99999999999",
          ";",
          "--",
          "\\",
          "\t",
          "\n",
          "é",
          "✓",
          "\uD83D\uDE00",
          "\uD800",
          "\u0000",
          "\u00A0");
  private static final Set<String> INTEGER_KEYS =
      Set.of(
          "start_time",
          "end_time",
          "creation_time",
          "last_update_time",
          "creation_timestamp_ms",
          "version",
          "last_updated_timestamp_ms");

  @Property(tries = 4000, seed = "4242")
  void filterFromGrammarFragmentsParsesOrIsRejected(
      @ForAll("fragmentSoup") String filter, @ForAll SearchScope scope) {
    assertFilterParsesOrIsRejected(scope, filter);
  }

  @Property(tries = 3000, seed = "4243")
  void filterOfRandomUnicodeParsesOrIsRejected(
      @ForAll("randomText") String filter, @ForAll SearchScope scope) {
    assertFilterParsesOrIsRejected(scope, filter);
  }

  @Property(tries = 3000, seed = "4244")
  void truncatedOrMutatedValidFilterParsesOrIsRejected(
      @ForAll("damagedFilters") String filter, @ForAll SearchScope scope) {
    assertFilterParsesOrIsRejected(scope, filter);
  }

  @Property(tries = 3000, seed = "4245")
  void orderByFromFragmentsOrRandomTextParsesOrIsRejected(
      @ForAll("orderByItems") List<String> orderBy, @ForAll SearchScope scope) {
    try {
      assertThat(OrderByParser.parse(scope, orderBy)).hasSameSizeAs(orderBy);
    } catch (CairnException e) {
      assertThat(e.code()).isEqualTo(ErrorCode.INVALID_PARAMETER_VALUE);
    }
  }

  @Provide
  Arbitrary<String> fragmentSoup() {
    Arbitrary<String> piece =
        Combinators.combine(Arbitraries.of(FRAGMENTS), Arbitraries.of("", "", " ", "  "))
            .as((fragment, space) -> fragment + space);
    return piece.list().ofMaxSize(16).map(pieces -> String.join("", pieces));
  }

  @Provide
  Arbitrary<String> randomText() {
    return Arbitraries.oneOf(
        Arbitraries.strings().all().ofMaxLength(40),
        Arbitraries.strings().withChars("'\"`().,=<>!-+ eE_aINOTSLKD0123456789\t").ofMaxLength(40));
  }

  @Provide
  Arbitrary<String> damagedFilters() {
    Arbitrary<String> valid = Arbitraries.of(VALID_FILTERS);
    Arbitrary<String> truncated =
        valid.flatMap(
            f -> Arbitraries.integers().between(0, f.length()).map(i -> f.substring(0, i)));
    Arbitrary<String> mutated =
        valid.flatMap(
            f ->
                Combinators.combine(
                        Arbitraries.integers().between(0, f.length() - 1),
                        Arbitraries.oneOf(
                            Arbitraries.of(FRAGMENTS), Arbitraries.strings().ofLength(1)))
                    .as((i, s) -> f.substring(0, i) + s + f.substring(i + 1)));
    return Arbitraries.oneOf(truncated, mutated);
  }

  @Provide
  Arbitrary<List<String>> orderByItems() {
    Arbitrary<String> item =
        Arbitraries.oneOf(
            fragmentSoup(), randomText(), Arbitraries.of("metrics.acc DESC", "name", "created"));
    return item.injectNull(0.05).list().ofMaxSize(4);
  }

  private static void assertFilterParsesOrIsRejected(SearchScope scope, String filter) {
    try {
      FilterParser.parse(scope, filter).forEach(SearchParserFuzzTest::assertWellTyped);
    } catch (CairnException e) {
      assertThat(e.code()).isEqualTo(ErrorCode.INVALID_PARAMETER_VALUE);
      assertThat(e.getMessage()).isNotBlank();
    }
  }

  /** The value types promised by {@link Comparison}'s documentation. */
  private static void assertWellTyped(Comparison clause) {
    assertThat(clause.entity()).isNotNull();
    assertThat(clause.key()).isNotNull();
    switch (clause.operator()) {
      case IS_NULL, IS_NOT_NULL -> assertThat(clause.value()).isNull();
      case IN, NOT_IN -> assertThat(clause.values()).isNotEmpty().doesNotContainNull();
      default -> assertThat(clause.value()).isInstanceOf(expectedType(clause));
    }
  }

  private static Class<?> expectedType(Comparison clause) {
    if (clause.entity() == Entity.METRIC) {
      return Double.class;
    }
    if (clause.entity() == Entity.ATTRIBUTE && INTEGER_KEYS.contains(clause.key())) {
      return Long.class;
    }
    return String.class;
  }
}
