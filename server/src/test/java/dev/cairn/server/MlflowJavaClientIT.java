package dev.cairn.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mlflow.api.proto.Service.CreateRun;
import org.mlflow.api.proto.Service.Experiment;
import org.mlflow.api.proto.Service.Metric;
import org.mlflow.api.proto.Service.Param;
import org.mlflow.api.proto.Service.Run;
import org.mlflow.api.proto.Service.RunInfo;
import org.mlflow.api.proto.Service.RunStatus;
import org.mlflow.api.proto.Service.RunTag;
import org.mlflow.api.proto.Service.ViewType;
import org.mlflow.tracking.ActiveRun;
import org.mlflow.tracking.ExperimentsPage;
import org.mlflow.tracking.MlflowClient;
import org.mlflow.tracking.MlflowContext;
import org.mlflow.tracking.MlflowHttpException;
import org.mlflow.tracking.Page;
import org.mlflow.tracking.RunsPage;

/** The official MLflow Java client (org.mlflow:mlflow-client) against a live Cairn server. */
class MlflowJavaClientIT {
  @TempDir static Path dir;
  static LiveServer server;
  static MlflowClient client;

  @BeforeAll
  static void start() {
    server = LiveServer.start(dir);
    client = new MlflowClient(server.baseUrl());
  }

  @AfterAll
  static void stop() {
    client.close();
    server.close();
  }

  @Test
  void experimentsCanBeCreatedFoundRenamedDeletedAndRestored() {
    String id = client.createExperiment("java-exp");
    assertThat(client.getExperiment(id).getName()).isEqualTo("java-exp");
    assertThat(client.getExperimentByName("java-exp"))
        .map(Experiment::getExperimentId)
        .hasValue(id);
    assertThat(client.getExperimentByName("no-such-experiment")).isEmpty();
    client.setExperimentTag(id, "team", "jvm");
    assertThat(client.getExperiment(id).getTagsList()).anyMatch(t -> t.getKey().equals("team"));
    client.renameExperiment(id, "java-exp-2");
    assertThat(client.getExperiment(id).getName()).isEqualTo("java-exp-2");
    assertThat(client.searchExperiments("name = 'java-exp-2'").getItems())
        .extracting(Experiment::getExperimentId)
        .containsExactly(id);
    client.deleteExperiment(id);
    assertThat(client.getExperiment(id).getLifecycleStage()).isEqualTo("deleted");
    client.restoreExperiment(id);
    assertThat(client.getExperiment(id).getLifecycleStage()).isEqualTo("active");
  }

  @Test
  void aRunLogsParamsMetricsTagsAndBatchesAndEnds() {
    String exp = client.createExperiment("java-runs");
    RunInfo info = client.createRun(exp);
    String runId = info.getRunId();
    assertThat(info.getStatus()).isEqualTo(RunStatus.RUNNING);
    client.logParam(runId, "lr", "0.01");
    client.logMetric(runId, "loss", 0.5, 1_700_000_000_000L, 3);
    client.logMetric(runId, "loss", 0.25, 1_700_000_000_100L, 4);
    client.setTag(runId, "team", "jvm");
    client.logBatch(
        runId,
        List.of(Metric.newBuilder().setKey("acc").setValue(0.9).setTimestamp(5).setStep(1).build()),
        List.of(Param.newBuilder().setKey("depth").setValue("3").build()),
        List.of(RunTag.newBuilder().setKey("fold").setValue("1").build()));
    client.setTerminated(runId, RunStatus.FINISHED, 1_700_000_001_000L);

    Run run = client.getRun(runId);
    assertThat(run.getInfo().getStatus()).isEqualTo(RunStatus.FINISHED);
    assertThat(run.getInfo().getEndTime()).isEqualTo(1_700_000_001_000L);
    assertThat(run.getData().getParamsList())
        .extracting(Param::getKey, Param::getValue)
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple("lr", "0.01"),
            org.assertj.core.groups.Tuple.tuple("depth", "3"));
    assertThat(run.getData().getMetricsList())
        .extracting(Metric::getKey, Metric::getValue, Metric::getStep)
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple("loss", 0.25, 4L),
            org.assertj.core.groups.Tuple.tuple("acc", 0.9, 1L));
    assertThat(run.getData().getTagsList()).anyMatch(t -> t.getKey().equals("fold"));
    assertThat(client.getMetricHistory(runId, "loss"))
        .extracting(Metric::getValue)
        .containsExactly(0.5, 0.25);
  }

  @Test
  void runsCanBeSearchedDeletedAndRestored() {
    String exp = client.createExperiment("java-search");
    String a = client.createRun(exp).getRunId();
    String b = client.createRun(exp).getRunId();
    client.logMetric(a, "acc", 0.9);
    client.logMetric(b, "acc", 0.1);
    RunsPage page = client.searchRuns(List.of(exp), "metrics.acc > 0.5", ViewType.ACTIVE_ONLY, 10);
    assertThat(page.getItems()).extracting(r -> r.getInfo().getRunId()).containsExactly(a);
    RunsPage ordered =
        client.searchRuns(List.of(exp), "", ViewType.ACTIVE_ONLY, 10, List.of("metrics.acc ASC"));
    assertThat(ordered.getItems()).extracting(r -> r.getInfo().getRunId()).containsExactly(b, a);
    client.deleteRun(a);
    assertThat(client.searchRuns(List.of(exp), ""))
        .extracting(RunInfo::getRunId)
        .containsExactly(b);
    client.restoreRun(a);
    assertThat(client.searchRuns(List.of(exp), "")).hasSize(2);
  }

  @Test
  void experimentsArePagedWithoutAFilter() {
    for (int i = 0; i < 3; i++) {
      client.createExperiment("java-page-" + i);
    }
    ExperimentsPage first = client.searchExperiments("", ViewType.ACTIVE_ONLY, 2, List.of());
    assertThat(first.getItems()).hasSize(2);
    assertThat(first.hasNextPage()).isTrue();
    List<String> all = new ArrayList<>();
    for (Page<Experiment> page = first; ; page = page.getNextPage()) {
      page.getItems().forEach(e -> all.add(e.getName()));
      if (!page.hasNextPage()) {
        break;
      }
    }
    assertThat(all).doesNotHaveDuplicates().contains("Default", "java-page-0", "java-page-2");
  }

  @Test
  void aRunCreatedWithNameAndTagsReadsBackWithItsValues() {
    String exp = client.createExperiment("java-run-fields");
    RunInfo info =
        client.createRun(
            CreateRun.newBuilder()
                .setExperimentId(exp)
                .setRunName("named-by-java")
                .setStartTime(1_700_000_000_000L)
                .setUserId("jvm-user")
                .addTags(RunTag.newBuilder().setKey("fold").setValue("2"))
                .build());
    Run run = client.getRun(info.getRunId());
    assertThat(run.getInfo().getRunName()).isEqualTo("named-by-java");
    assertThat(run.getInfo().getRunUuid()).isEqualTo(info.getRunId());
    assertThat(run.getInfo().getExperimentId()).isEqualTo(exp);
    assertThat(run.getInfo().getUserId()).isEqualTo("jvm-user");
    assertThat(run.getInfo().getStartTime()).isEqualTo(1_700_000_000_000L);
    assertThat(run.getInfo().hasEndTime()).isFalse();
    assertThat(run.getData().getTagsList())
        .extracting(RunTag::getKey, RunTag::getValue)
        .contains(
            org.assertj.core.groups.Tuple.tuple("fold", "2"),
            org.assertj.core.groups.Tuple.tuple("mlflow.runName", "named-by-java"));
    client.deleteTag(info.getRunId(), "fold");
    assertThat(client.getRun(info.getRunId()).getData().getTagsList())
        .extracting(RunTag::getKey)
        .doesNotContain("fold");
  }

  @Test
  void specialMetricValuesAndLargeBatchesRoundTrip() {
    String runId = client.createRun().getRunId();
    client.logMetric(runId, "nan", Double.NaN, 1, 0);
    client.logMetric(runId, "inf", Double.POSITIVE_INFINITY, 1, 0);
    List<Metric> points = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      points.add(
          Metric.newBuilder().setKey("curve").setValue(i).setTimestamp(i).setStep(i).build());
    }
    client.logBatch(runId, points, List.of(), List.of());
    assertThat(client.getMetricHistory(runId, "nan").get(0).getValue()).isNaN();
    assertThat(client.getMetricHistory(runId, "inf").get(0).getValue()).isEqualTo(Double.MAX_VALUE);
    assertThat(client.getMetricHistory(runId, "curve"))
        .extracting(Metric::getStep)
        .hasSize(1000)
        .doesNotHaveDuplicates();
    assertThat(client.getRun(runId).getData().getMetricsList())
        .filteredOn(m -> m.getKey().equals("curve"))
        .extracting(Metric::getValue)
        .containsExactly(999.0);
  }

  @Test
  void aChangedParamSurfacesAsAnHttpExceptionWith400() {
    String runId = client.createRun().getRunId();
    client.logParam(runId, "p", "1");
    assertThatThrownBy(() -> client.logParam(runId, "p", "2"))
        .isInstanceOfSatisfying(
            MlflowHttpException.class,
            e -> {
              assertThat(e.getStatusCode()).isEqualTo(400);
              assertThat(e.getBodyMessage()).contains("INVALID_PARAMETER_VALUE");
            });
  }

  @Test
  void theFluentApiStartsLogsAndEndsARun() {
    MlflowContext context = new MlflowContext(client).setExperimentName("Default");
    ActiveRun active = context.startRun("fluent");
    active.logParams(Map.of("a", "1", "b", "2"));
    active.logMetrics(Map.of("x", 1.5, "y", 2.5), 3);
    active.setTags(Map.of("via", "fluent"));
    active.endRun();
    Run run = client.getRun(active.getId());
    assertThat(run.getInfo().getStatus()).isEqualTo(RunStatus.FINISHED);
    assertThat(run.getInfo().getRunName()).isEqualTo("fluent");
    assertThat(run.getData().getParamsList()).hasSize(2);
    assertThat(run.getData().getMetricsList()).extracting(Metric::getStep).containsOnly(3L);
  }

  @Test
  void registryCallsOfTheJavaClientWork() {
    String runId = client.createRun(client.createExperiment("java-registry")).getRunId();
    String source = client.getRun(runId).getInfo().getArtifactUri() + "/model";
    server.ok("/registered-models/create", "{\"name\":\"java-model\"}");
    for (int i = 0; i < 2; i++) {
      server.ok(
          "/model-versions/create",
          "{\"name\":\"java-model\",\"source\":\"" + source + "\",\"run_id\":\"" + runId + "\"}");
    }
    server.ok(
        "/model-versions/transition-stage",
        "{\"name\":\"java-model\",\"version\":\"1\",\"stage\":\"Production\"}");
    assertThat(client.getRegisteredModel("java-model").getName()).isEqualTo("java-model");
    assertThat(client.getModelVersion("java-model", "2").getRunId()).isEqualTo(runId);
    assertThat(client.getLatestVersions("java-model", List.of("Production")))
        .extracting(org.mlflow.api.proto.ModelRegistry.ModelVersion::getVersion)
        .containsExactly("1");
    assertThat(client.getModelVersionDownloadUri("java-model", "1")).isEqualTo(source);
    assertThat(client.searchModelVersions("name = 'java-model'").getItems()).hasSize(2);
    assertThatThrownBy(() -> client.getRegisteredModel("no-such-model"))
        .isInstanceOf(MlflowHttpException.class)
        .satisfies(e -> assertThat(((MlflowHttpException) e).getStatusCode()).isEqualTo(404));
  }
}
