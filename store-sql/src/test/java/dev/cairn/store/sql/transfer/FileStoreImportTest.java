package dev.cairn.store.sql.transfer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.cairn.api.model.LoggedModel;
import dev.cairn.api.model.Metric;
import dev.cairn.api.model.Tag;
import dev.cairn.core.models.NewLoggedModel;
import dev.cairn.core.tracking.NewRun;
import dev.cairn.store.file.FileLoggedModelStore;
import dev.cairn.store.file.FileStoreRoot;
import dev.cairn.store.file.FileTrackingStore;
import dev.cairn.store.sql.Database;
import dev.cairn.store.sql.Databases;
import dev.cairn.store.sql.Schema;
import dev.cairn.store.sql.SqlLoggedModelStore;
import dev.cairn.store.sql.SqlTrackingStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Metric files as MLflow writes them (`nan`, `inf`) imported into SQLite. */
class FileStoreImportTest {
  @TempDir Path dir;

  @Test
  void mlflowsSpecialValuesAreImportedAndLinesThatAreNoPointAreSkipped() throws Exception {
    Path mlruns = dir.resolve("mlruns");
    FileStoreRoot root = FileStoreRoot.open("file:" + mlruns, "/artifacts", 1L);
    String runId = "0123456789abcdef0123456789abcdef";
    new FileTrackingStore(root)
        .createRun(new NewRun(runId, "0", "ann", "r", 1L, List.of(new Tag("mlflow.runName", "r"))));
    String modelId = "m-0123456789abcdef0123456789abcdef";
    new FileLoggedModelStore(root)
        .createLoggedModel(
            new NewLoggedModel(modelId, "0", "m", null, runId, List.of(), List.of(), 1L));
    // What MLflow's file store writes for infinities and NaN, and a line that is no point.
    Files.writeString(
        mlruns.resolve("0/" + runId + "/metrics/loss"), "10 inf 1\n11 nan 2\n12 -inf 3\nbroken\n");
    Path modelMetric = mlruns.resolve("0/models/" + modelId + "/metrics/acc");
    Files.createDirectories(modelMetric.getParent());
    Files.writeString(modelMetric, "20 inf 4 " + runId + "\n21 nan 5 " + runId + " eval d1\n");

    Database db = Databases.open("sqlite:///" + dir.resolve("mlflow.db"));
    Schema.initialise(db, "/artifacts", 1L);
    new FileStoreImport(mlruns, db).run("/artifacts", (name, index, total) -> {});
    try (SqlTrackingStore tracking = new SqlTrackingStore(db, "/artifacts")) {
      assertThat(tracking.getMetricHistory(runId, "loss", null, 0).items())
          .extracting(Metric::step, Metric::value)
          .containsExactly(
              tuple(1L, Double.MAX_VALUE), tuple(2L, Double.NaN), tuple(3L, -Double.MAX_VALUE));
      LoggedModel model = new SqlLoggedModelStore(db).getLoggedModel(modelId, false);
      assertThat(model.data().metrics())
          .extracting(Metric::step, Metric::value, Metric::datasetName)
          .containsExactly(tuple(4L, Double.MAX_VALUE, null), tuple(5L, 0.0, "eval"));
    }
  }
}
