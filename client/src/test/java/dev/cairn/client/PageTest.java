package dev.cairn.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PageTest {
  @Test
  void pagesAreFetchedOnlyWhenTheIterationReachesThem() {
    List<String> fetched = new ArrayList<>();
    Iterable<Integer> all =
        Page.lazily(
            token -> {
              fetched.add(String.valueOf(token));
              return switch (String.valueOf(token)) {
                case "null" -> new Page<>(List.of(1, 2), "p2");
                case "p2" -> new Page<>(List.of(), "p3"); // an empty page that is not the last
                default -> new Page<>(List.of(3), "");
              };
            });
    var it = all.iterator();
    assertThat(it.next()).isEqualTo(1);
    assertThat(fetched).containsExactly("null");
    assertThat(it.next()).isEqualTo(2);
    assertThat(it.next()).isEqualTo(3);
    assertThat(it.hasNext()).isFalse();
    assertThat(fetched).containsExactly("null", "p2", "p3");
  }
}
