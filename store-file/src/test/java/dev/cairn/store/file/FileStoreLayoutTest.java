package dev.cairn.store.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.api.ErrorCode;
import dev.cairn.api.model.Metric;
import dev.cairn.api.model.Param;
import dev.cairn.api.model.Tag;
import dev.cairn.api.registry.ModelVersion;
import dev.cairn.core.CairnException;
import dev.cairn.core.registry.NewModelVersion;
import dev.cairn.core.tracking.NewRun;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The file store's on-disk formats (MLflow's) and its refusal of paths that leave the folder. */
class FileStoreLayoutTest {
  @TempDir Path dir;
  private Path mlruns;
  private FileStoreRoot root;
  private FileTrackingStore tracking;

  @BeforeEach
  void open() {
    mlruns = dir.resolve("mlruns");
    root = FileStoreRoot.open("file:" + mlruns, "/artifacts", 5L);
    tracking = new FileTrackingStore(root);
  }

  private String run(String experimentId) {
    String id = "0123456789abcdef0123456789abcdef";
    tracking.createRun(
        new NewRun(id, experimentId, "ann", "r", 10L, List.of(new Tag("mlflow.runName", "r"))));
    return id;
  }

  @Test
  void aNewFolderHasTheDefaultExperimentAndTheTrashAsMlflowLaysThemOut() throws Exception {
    assertThat(mlruns.resolve(".trash")).isDirectory();
    String meta = Files.readString(mlruns.resolve("0/meta.yaml"));
    assertThat(meta).contains("experiment_id: \"0\"").contains("name: \"Default\"");
    assertThat(tracking.getExperiment("0").artifactLocation()).isEqualTo("/artifacts/0");
  }

  @Test
  void runsAreWrittenInMlflowsLayoutWithOneFilePerKeyAndOneLinePerPoint() throws Exception {
    String id = run("0");
    tracking.logBatch(
        id,
        List.of(Metric.of("loss", 0.5, 100, 1), Metric.of("loss", Double.NaN, 101, 2)),
        List.of(new Param("a/b", "1")),
        List.of(new Tag("team", "x")));
    Path runDir = mlruns.resolve("0").resolve(id);
    assertThat(runDir.resolve("artifacts")).isDirectory();
    assertThat(Files.readString(runDir.resolve("params/a/b"))).isEqualTo("1");
    assertThat(Files.readString(runDir.resolve("tags/team"))).isEqualTo("x");
    assertThat(Files.readAllLines(runDir.resolve("metrics/loss")))
        .containsExactly("100 0.5 1", "101 nan 2");
    assertThat(Files.readString(runDir.resolve("meta.yaml"))).contains("status: 1");
  }

  @Test
  void metricFilesOfEveryMlflowVintageAreRead() throws Exception {
    String id = run("0");
    Path file = mlruns.resolve("0").resolve(id).resolve("metrics/old");
    Files.writeString(
        file, "5 1.5\n6 inf 3\n7 -inf 4 train d1\n\n", StandardCharsets.UTF_8); // 2, 3, 5 fields
    List<Metric> history = tracking.getMetricHistory(id, "old", null, 0).items();
    assertThat(history).extracting(Metric::step).containsExactly(0L, 3L, 4L);
    assertThat(history.get(1).value()).isEqualTo(Double.POSITIVE_INFINITY);
    assertThat(history.get(2).datasetName()).isEqualTo("train");
    Files.writeString(file, "1 2 3 4\n", StandardCharsets.UTF_8);
    assertThatThrownBy(() -> tracking.getMetricHistory(id, "old", null, 0))
        .isInstanceOf(CairnException.class)
        .extracting(e -> ((CairnException) e).code())
        .isEqualTo(ErrorCode.INTERNAL_ERROR);
  }

  @Test
  void keysAndNamesThatWouldLeaveTheFolderAreRefused() {
    String id = run("0");
    for (String key : List.of("../escape", "a/../../escape", "/etc/passwd")) {
      assertThatThrownBy(
              () -> tracking.logBatch(id, List.of(), List.of(new Param(key, "v")), List.of()))
          .isInstanceOf(CairnException.class)
          .extracting(e -> ((CairnException) e).code())
          .isEqualTo(ErrorCode.INVALID_PARAMETER_VALUE);
    }
    FileRegistryStore registry = new FileRegistryStore(root);
    for (String name : List.of("../x", "a/b", "..")) {
      assertThatThrownBy(() -> registry.createRegisteredModel(name, List.of(), null, 1L))
          .isInstanceOf(CairnException.class)
          .extracting(e -> ((CairnException) e).code())
          .isEqualTo(ErrorCode.INVALID_PARAMETER_VALUE);
    }
    assertThatThrownBy(() -> tracking.getExperiment("../0"))
        .isInstanceOf(CairnException.class)
        .extracting(e -> ((CairnException) e).code())
        .isEqualTo(ErrorCode.RESOURCE_DOES_NOT_EXIST);
    assertThatThrownBy(() -> tracking.getRun(".."))
        .isInstanceOf(CairnException.class)
        .extracting(e -> ((CairnException) e).code())
        .isEqualTo(ErrorCode.RESOURCE_DOES_NOT_EXIST);
    assertThat(dir.resolve("escape")).doesNotExist();
    assertThat(mlruns.resolve("x")).doesNotExist();
  }

  @Test
  void deletedExperimentsMoveToTheTrashWithTheirRunsAndComeBack() {
    String experiment = tracking.createExperiment("e", null, List.of(), 1L);
    String id = run(experiment);
    tracking.deleteExperiment(experiment, 2L);
    assertThat(mlruns.resolve(".trash").resolve(experiment).resolve(id)).isDirectory();
    assertThat(tracking.getRun(id).info().lifecycleStage()).isEqualTo("deleted");
    tracking.restoreExperiment(experiment, 3L);
    assertThat(mlruns.resolve(experiment).resolve(id)).isDirectory();
    assertThat(tracking.getRun(id).info().lifecycleStage()).isEqualTo("active");
    assertThat(experiment).hasSize(18).doesNotStartWith("0");
  }

  @Test
  void registryVersionsAreNeverReusedAndAliasesAreFilesHoldingTheVersion() throws Exception {
    FileRegistryStore registry = new FileRegistryStore(root);
    registry.createRegisteredModel("m", List.of(new Tag("k", "v")), "d", 1L);
    NewModelVersion v =
        new NewModelVersion("m", "runs:/r/model", null, "r", null, null, List.of(), 2L);
    registry.createModelVersion(v);
    registry.createModelVersion(v);
    registry.setAlias("m", "champion", 2);
    assertThat(Files.readString(mlruns.resolve("models/m/aliases/champion"))).isEqualTo("2");
    registry.deleteModelVersion("m", 2, 3L);
    assertThat(mlruns.resolve("models/m/aliases/champion")).doesNotExist();
    ModelVersion third = registry.createModelVersion(v);
    assertThat(third.version()).isEqualTo("3");
    Map<String, Object> meta = FileTree.readMeta(mlruns.resolve("models/m/version-2"));
    assertThat(meta).containsEntry("current_stage", "Deleted_Internal");
  }
}
