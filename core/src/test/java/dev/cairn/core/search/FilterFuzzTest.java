package dev.cairn.core.search;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.core.CairnException;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Seeded fuzzing: any string, built from grammar fragments, random characters or truncations of
 * valid filters, either parses or fails with {@link CairnException} — never another exception.
 */
class FilterFuzzTest {
  private static final List<String> FRAGMENTS =
      List.of(
          "metrics.",
          "params.",
          "tags.",
          "attributes.",
          "datasets.",
          "run_id",
          "start_time",
          "status",
          "acc",
          "`a b`",
          "\"x y\"",
          " = ",
          " != ",
          " > ",
          " >= ",
          "<",
          " LIKE ",
          " ILIKE ",
          " IN ",
          " NOT IN ",
          " IS NULL",
          " IS NOT NULL",
          " AND ",
          " and ",
          " OR ",
          "'v'",
          "'it''s'",
          "\"q\"",
          "1",
          "-2.5e3",
          ".5",
          "(",
          ")",
          ",",
          "('a','b')",
          "`",
          "'",
          "\"",
          "!",
          ";",
          "\u00e9",
          "\u0000",
          " ",
          "NaN",
          "1d");
  private static final List<String> VALID =
      List.of(
          "metrics.acc > 0.5 AND params.lr = '0.01'",
          "tags.`user name` ILIKE '%ann%' AND attributes.run_id IN ('a','b')",
          "datasets.context = 'training' AND start_time >= 100 AND tags.x IS NOT NULL");

  @Test
  void anyInputEitherParsesOrFailsWithCairnException() {
    Random random = new Random(20261122L);
    int parsed = 0;
    for (int i = 0; i < 20_000; i++) {
      String input = input(random);
      for (SearchScope scope : SearchScope.values()) {
        parsed += parses(() -> FilterParser.parse(scope, input));
        parsed += parses(() -> OrderByParser.parse(scope, List.of(input)));
      }
    }
    assertThat(parsed).isPositive();
  }

  private static int parses(Runnable parse) {
    try {
      parse.run();
      return 1;
    } catch (CairnException expected) {
      return 0; // the only failure allowed
    }
  }

  private static String input(Random random) {
    return switch (random.nextInt(3)) {
      case 0 -> {
        StringBuilder b = new StringBuilder();
        int n = 1 + random.nextInt(8);
        for (int i = 0; i < n; i++) {
          b.append(FRAGMENTS.get(random.nextInt(FRAGMENTS.size())));
        }
        yield b.toString();
      }
      case 1 -> {
        String v = VALID.get(random.nextInt(VALID.size()));
        yield v.substring(0, random.nextInt(v.length() + 1));
      }
      default -> {
        char[] chars = new char[random.nextInt(30)];
        for (int i = 0; i < chars.length; i++) {
          chars[i] =
              (char) (random.nextBoolean() ? 32 + random.nextInt(95) : random.nextInt(0x3000));
        }
        yield new String(chars);
      }
    };
  }
}
