package dev.cairn.store.sql;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.api.model.Param;
import dev.cairn.api.model.Run;
import dev.cairn.api.model.Tag;
import dev.cairn.api.model.ViewType;
import dev.cairn.core.tracking.NewRun;
import dev.cairn.core.tracking.SearchQuery;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SQLite's packed read of params and tags: any text comes back as it went in. */
class RunLoaderTest {
  @TempDir Path dir;

  @Test
  void unpackReadsLengthPrefixedUtf8AndNulls() {
    String packed = "1:a3:x:y" + "-" + "4:k:1:" + "5:é€" + "0:0:";
    assertThat(RunLoader.unpack(packed.getBytes(StandardCharsets.UTF_8)))
        .containsExactly("a", "x:y", null, "k:1:", "é€", "", "");
  }

  @Test
  void paramsAndTagsWithAnyCharactersRoundTripThroughTheStore() {
    Database db = Databases.open("sqlite:///" + dir.resolve("mlflow.db"));
    Schema.initialise(db, "mlflow-artifacts:/", 0L);
    try (SqlTrackingStore store = new SqlTrackingStore(db, "mlflow-artifacts:/")) {
      String exp = store.createExperiment("packed", null, List.of(), 1L);
      String id = "0123456789abcdef0123456789abcdef";
      store.createRun(new NewRun(id, exp, "u", "r", 1L, List.of()));
      List<String> values =
          List.of("", "12:34", "3:abc", "-", "emoji 🚀 and ü", "line\nbreak", "nul\u0000inside");
      List<Param> params =
          java.util.stream.IntStream.range(0, values.size())
              .mapToObj(i -> new Param("p" + i + ":" + values.get(i).length(), values.get(i)))
              .toList();
      List<Tag> tags = values.stream().map(v -> new Tag("t " + v.hashCode(), v)).toList();
      store.logBatch(id, List.of(), params, tags);
      Run run =
          store
              .searchRuns(new SearchQuery(List.of(exp), List.of(), List.of(), ViewType.ALL, 10, 0))
              .items()
              .get(0);
      assertThat(run.data().params()).containsExactlyInAnyOrderElementsOf(params);
      assertThat(run.data().tags()).containsAll(tags);
    }
  }
}
