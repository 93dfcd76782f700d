package dev.cairn.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.api.ErrorCode;
import dev.cairn.api.model.Experiment;
import dev.cairn.api.model.Metric;
import dev.cairn.api.model.Param;
import dev.cairn.api.model.Run;
import dev.cairn.api.model.RunStatus;
import dev.cairn.api.model.Tag;
import dev.cairn.api.model.ViewType;
import dev.cairn.core.CairnException;
import dev.cairn.core.tracking.NewRun;
import dev.cairn.core.tracking.SearchQuery;
import dev.cairn.core.tracking.TrackingStore;
import java.util.List;
import java.util.UUID;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Experiment, run and logging behaviour every {@link TrackingStore} must have (see {@link
 * TrackingStoreContract}).
 */
public abstract class TrackingWritesContract {
  protected static final String ROOT = "mlflow-artifacts:/";
  protected TrackingStore store;

  /** A new store on an empty database whose default artifact root is {@link #ROOT}. */
  protected abstract TrackingStore openStore();

  @BeforeEach
  void open() {
    store = openStore();
  }

  @AfterEach
  void close() {
    store.close();
  }

  protected static void assertError(ThrowingCallable call, ErrorCode code) {
    assertThatThrownBy(call)
        .isInstanceOf(CairnException.class)
        .extracting(e -> ((CairnException) e).code())
        .isEqualTo(code);
  }

  protected String experiment(String name) {
    return store.createExperiment(name, null, List.of(), 1000L);
  }

  protected Run run(String experimentId, long startTime) {
    String id = UUID.randomUUID().toString().replace("-", "");
    return store.createRun(
        new NewRun(
            id,
            experimentId,
            "alice",
            "run-" + startTime,
            startTime,
            List.of(new Tag("mlflow.runName", "run-" + startTime))));
  }

  protected static SearchQuery runsOf(String experimentId) {
    return new SearchQuery(
        List.of(experimentId), List.of(), List.of(), ViewType.ACTIVE_ONLY, 1000, 0);
  }

  @Test
  void defaultExperimentZeroExists() {
    Experiment e = store.getExperiment("0");
    assertThat(e.name()).isEqualTo("Default");
    assertThat(e.artifactLocation()).isEqualTo("mlflow-artifacts:/0");
    assertThat(e.lifecycleStage()).isEqualTo("active");
  }

  @Test
  void createExperimentDerivesArtifactLocationFromItsId() {
    String id = experiment("first");
    Experiment e = store.getExperiment(id);
    assertThat(e.artifactLocation()).isEqualTo("mlflow-artifacts:/" + id);
    assertThat(e.creationTime()).isEqualTo(1000L);
  }

  @Test
  void createExperimentKeepsAnExplicitArtifactLocationAndTags() {
    String id = store.createExperiment("x", "s3://bucket/x", List.of(new Tag("team", "a")), 5L);
    Experiment e = store.getExperiment(id);
    assertThat(e.artifactLocation()).isEqualTo("s3://bucket/x");
    assertThat(e.tags()).containsExactly(new Tag("team", "a"));
  }

  @Test
  void duplicateExperimentNameFailsWithResourceAlreadyExistsEvenWhenDeleted() {
    String id = experiment("dup");
    assertError(() -> experiment("dup"), ErrorCode.RESOURCE_ALREADY_EXISTS);
    store.deleteExperiment(id, 2000L);
    assertError(() -> experiment("dup"), ErrorCode.RESOURCE_ALREADY_EXISTS);
  }

  @Test
  void unknownExperimentFailsWithResourceDoesNotExist() {
    assertError(() -> store.getExperiment("424242"), ErrorCode.RESOURCE_DOES_NOT_EXIST);
    assertError(() -> store.getExperimentByName("nope"), ErrorCode.RESOURCE_DOES_NOT_EXIST);
  }

  @Test
  void deleteExperimentDeletesItsRunsAndRestoreBringsThemBack() {
    String id = experiment("lifecycle");
    Run r = run(id, 1);
    store.deleteExperiment(id, 2000L);
    assertThat(store.getExperimentByName("lifecycle").lifecycleStage()).isEqualTo("deleted");
    assertThat(store.getRun(r.info().runId()).info().lifecycleStage()).isEqualTo("deleted");
    assertError(() -> store.deleteExperiment(id, 3000L), ErrorCode.RESOURCE_DOES_NOT_EXIST);
    store.restoreExperiment(id, 4000L);
    assertThat(store.getRun(r.info().runId()).info().lifecycleStage()).isEqualTo("active");
    assertError(() -> store.restoreExperiment(id, 5000L), ErrorCode.RESOURCE_DOES_NOT_EXIST);
  }

  @Test
  void renameExperimentChecksStateAndNameCollisions() {
    String a = experiment("a");
    experiment("b");
    store.renameExperiment(a, "a2", 2000L);
    assertThat(store.getExperiment(a).name()).isEqualTo("a2");
    assertThat(store.getExperiment(a).lastUpdateTime()).isEqualTo(2000L);
    assertError(() -> store.renameExperiment(a, "b", 3000L), ErrorCode.RESOURCE_ALREADY_EXISTS);
    store.deleteExperiment(a, 4000L);
    assertError(() -> store.renameExperiment(a, "c", 5000L), ErrorCode.INVALID_STATE);
  }

  @Test
  void experimentTagsAreUpsertedAndDeleted() {
    String id = experiment("tags");
    store.setExperimentTag(id, new Tag("k", "1"));
    store.setExperimentTag(id, new Tag("k", "2"));
    assertThat(store.getExperiment(id).tags()).containsExactly(new Tag("k", "2"));
    store.deleteExperimentTag(id, "k");
    assertThat(store.getExperiment(id).tags()).isEmpty();
    assertError(() -> store.deleteExperimentTag(id, "k"), ErrorCode.RESOURCE_DOES_NOT_EXIST);
  }

  @Test
  void createRunStartsRunningWithArtifactUriUnderTheExperiment() {
    String id = experiment("runs");
    Run r = run(id, 7);
    assertThat(r.info().status()).isEqualTo(RunStatus.RUNNING);
    assertThat(r.info().runName()).isEqualTo("run-7");
    assertThat(r.info().userId()).isEqualTo("alice");
    assertThat(r.info().artifactUri())
        .isEqualTo("mlflow-artifacts:/" + id + "/" + r.info().runId() + "/artifacts");
    assertThat(r.data().tags()).contains(new Tag("mlflow.runName", "run-7"));
  }

  @Test
  void createRunInDeletedOrUnknownExperimentFails() {
    String id = experiment("gone");
    store.deleteExperiment(id, 1L);
    assertError(() -> run(id, 1), ErrorCode.INVALID_PARAMETER_VALUE);
    assertError(() -> run("999999", 1), ErrorCode.RESOURCE_DOES_NOT_EXIST);
  }

  @Test
  void unknownRunFailsWithResourceDoesNotExist() {
    assertError(
        () -> store.getRun("0123456789abcdef0123456789abcdef"), ErrorCode.RESOURCE_DOES_NOT_EXIST);
    assertError(
        () -> store.logBatch("0123456789abcdef0123456789abcdef", List.of(), List.of(), List.of()),
        ErrorCode.RESOURCE_DOES_NOT_EXIST);
  }

  @Test
  void updateRunChangesOnlyGivenFieldsAndRenameSetsTheTag() {
    String runId = run(experiment("upd"), 1).info().runId();
    store.updateRun(runId, RunStatus.FINISHED, 99L, null);
    store.updateRun(runId, null, null, "renamed");
    Run r = store.getRun(runId);
    assertThat(r.info().status()).isEqualTo(RunStatus.FINISHED);
    assertThat(r.info().endTime()).isEqualTo(99L);
    assertThat(r.info().runName()).isEqualTo("renamed");
    assertThat(r.data().tags()).contains(new Tag("mlflow.runName", "renamed"));
  }

  @Test
  void writesToADeletedRunFailAndRestoreAllowsThemAgain() {
    String runId = run(experiment("del"), 1).info().runId();
    store.deleteRun(runId, 5L);
    assertThat(store.getRun(runId).info().lifecycleStage()).isEqualTo("deleted");
    assertError(
        () -> store.logBatch(runId, List.of(), List.of(new Param("a", "1")), List.of()),
        ErrorCode.INVALID_PARAMETER_VALUE);
    store.restoreRun(runId);
    store.logBatch(runId, List.of(), List.of(new Param("a", "1")), List.of());
    assertThat(store.getRun(runId).data().params()).containsExactly(new Param("a", "1"));
  }

  @Test
  void setTagRunNameRenamesTheRun() {
    String runId = run(experiment("tagname"), 1).info().runId();
    store.logBatch(runId, List.of(), List.of(), List.of(new Tag("mlflow.runName", "via-tag")));
    assertThat(store.getRun(runId).info().runName()).isEqualTo("via-tag");
  }

  @Test
  void deleteTagRemovesItAndMissingTagFails() {
    String runId = run(experiment("deltag"), 1).info().runId();
    store.logBatch(runId, List.of(), List.of(), List.of(new Tag("t", "v")));
    store.deleteTag(runId, "t");
    assertThat(store.getRun(runId).data().tags()).extracting(Tag::key).doesNotContain("t");
    assertError(() -> store.deleteTag(runId, "t"), ErrorCode.RESOURCE_DOES_NOT_EXIST);
  }

  @Test
  void logBatchWithAChangedParamWritesNothing() {
    String runId = run(experiment("atomic"), 1).info().runId();
    store.logBatch(runId, List.of(), List.of(new Param("p", "1")), List.of());
    assertError(
        () ->
            store.logBatch(
                runId,
                List.of(Metric.of("m", 1, 1, 0)),
                List.of(new Param("q", "x"), new Param("p", "2")),
                List.of(new Tag("t", "v"))),
        ErrorCode.INVALID_PARAMETER_VALUE);
    Run r = store.getRun(runId);
    assertThat(r.data().params()).containsExactly(new Param("p", "1"));
    assertThat(r.data().metrics()).isEmpty();
    assertThat(r.data().tags()).extracting(Tag::key).doesNotContain("t");
    assertThat(store.getMetricHistory(runId, "m", null, 0).items()).isEmpty();
  }

  @Test
  void reloggingTheSameParamValueIsANoOp() {
    String runId = run(experiment("same"), 1).info().runId();
    store.logBatch(runId, List.of(), List.of(new Param("p", "1")), List.of());
    store.logBatch(runId, List.of(), List.of(new Param("p", "1")), List.of());
    assertThat(store.getRun(runId).data().params()).containsExactly(new Param("p", "1"));
  }

  @Test
  void identicalMetricPointsAreStoredOnce() {
    String runId = run(experiment("dupm"), 1).info().runId();
    List<Metric> points = List.of(Metric.of("m", 1.5, 10, 1), Metric.of("m", 1.5, 10, 1));
    store.logBatch(runId, points, List.of(), List.of());
    store.logBatch(runId, points, List.of(), List.of());
    assertThat(store.getMetricHistory(runId, "m", null, 0).items()).hasSize(1);
  }

  @Test
  void latestMetricIsHighestStepThenTimestampThenValue() {
    String runId = run(experiment("latest"), 1).info().runId();
    store.logBatch(
        runId, List.of(Metric.of("m", 5, 100, 2), Metric.of("m", 9, 200, 1)), List.of(), List.of());
    assertThat(store.getRun(runId).data().metrics()).containsExactly(Metric.of("m", 5, 100, 2));
    store.logBatch(runId, List.of(Metric.of("m", 3, 150, 2)), List.of(), List.of());
    assertThat(store.getRun(runId).data().metrics()).containsExactly(Metric.of("m", 3, 150, 2));
    store.logBatch(runId, List.of(Metric.of("m", 4, 150, 2)), List.of(), List.of());
    assertThat(store.getRun(runId).data().metrics()).containsExactly(Metric.of("m", 4, 150, 2));
    store.logBatch(runId, List.of(Metric.of("m", 0, 1, 1)), List.of(), List.of());
    assertThat(store.getRun(runId).data().metrics()).containsExactly(Metric.of("m", 4, 150, 2));
  }

  @Test
  void nanRoundTripsAndInfinityIsStoredAsTheLargestDouble() {
    String runId = run(experiment("nan"), 1).info().runId();
    store.logBatch(
        runId,
        List.of(
            Metric.of("n", Double.NaN, 1, 0),
            Metric.of("i", Double.POSITIVE_INFINITY, 1, 0),
            Metric.of("j", Double.NEGATIVE_INFINITY, 1, 0)),
        List.of(),
        List.of());
    assertThat(store.getMetricHistory(runId, "n", null, 0).items().get(0).value()).isNaN();
    assertThat(store.getMetricHistory(runId, "i", null, 0).items().get(0).value())
        .isEqualTo(Double.MAX_VALUE);
    assertThat(store.getMetricHistory(runId, "j", null, 0).items().get(0).value())
        .isEqualTo(-Double.MAX_VALUE);
  }
}
