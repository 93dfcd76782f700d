package dev.cairn.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ParamsTest {
  @Test
  void nestedMapsAreFlattenedToDottedKeysInOrder() {
    Map<String, Object> cfg = new LinkedHashMap<>();
    cfg.put("lr", 0.1);
    cfg.put("model", Map.of("encoder", Map.of("depth", 4)));
    cfg.put("layers", List.of(1, 2));
    cfg.put("note", null);
    assertThat(Params.flatten(cfg))
        .containsExactly(
            Map.entry("lr", "0.1"),
            Map.entry("model.encoder.depth", "4"),
            Map.entry("layers", "[1, 2]"),
            Map.entry("note", "null"));
  }

  @Test
  void tagPairsAreParsedAndMalformedOnesRefused() {
    assertThat(Params.parsePairs("team=vision, approach = baseline,"))
        .containsExactly(Map.entry("team", "vision"), Map.entry("approach", "baseline"));
    assertThat(Params.parsePairs(null)).isEmpty();
    assertThatThrownBy(() -> Params.parsePairs("novalue"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
