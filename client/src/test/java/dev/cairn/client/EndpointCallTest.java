package dev.cairn.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.api.WireJson;
import dev.cairn.api.tracking.LoggedModelEndpoints;
import dev.cairn.api.tracking.LoggedModelMessages.GetLoggedModel;
import dev.cairn.api.tracking.MetricMessages.GetMetricHistoryBulk;
import dev.cairn.api.tracking.RunMessages.LogBatch;
import dev.cairn.api.tracking.TrackingEndpoints;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class EndpointCallTest {
  private final com.fasterxml.jackson.databind.json.JsonMapper json = WireJson.newMapper();

  @Test
  void getRequestsSendTheirFieldsAsQueryWithRepeatedLists() {
    EndpointCall c =
        EndpointCall.of(
            json,
            TrackingEndpoints.GET_METRIC_HISTORY_BULK,
            new GetMetricHistoryBulk(List.of("a", "b"), "val loss", 10));
    assertThat(c.method()).isEqualTo("GET");
    assertThat(c.pathAndQuery())
        .isEqualTo(
            "/api/2.0/mlflow/metrics/get-history-bulk?run_id=a&run_id=b&metric_key=val%20loss&max_results=10");
    assertThat(c.body()).isNull();
  }

  @Test
  void pathParametersAreFilledAndLeftOutOfTheQuery() {
    EndpointCall c =
        EndpointCall.of(json, LoggedModelEndpoints.GET, new GetLoggedModel("m-1/2", null));
    assertThat(c.pathAndQuery()).isEqualTo("/api/2.0/mlflow/logged-models/m-1%2F2");
  }

  @Test
  void bodyRequestsKeepTheirPathParametersInTheBodyAsMlflowRequires() {
    EndpointCall c =
        EndpointCall.of(
            json,
            LoggedModelEndpoints.FINALIZE,
            new dev.cairn.api.tracking.LoggedModelMessages.FinalizeLoggedModel(
                "m-1", dev.cairn.api.model.LoggedModelStatus.LOGGED_MODEL_READY));
    assertThat(c.method()).isEqualTo("PATCH");
    assertThat(c.pathAndQuery()).isEqualTo("/api/2.0/mlflow/logged-models/m-1");
    assertThat(new String(c.body(), StandardCharsets.UTF_8))
        .isEqualTo("{\"model_id\":\"m-1\",\"status\":\"LOGGED_MODEL_READY\"}");
  }

  @Test
  void postRequestsSendSnakeCaseJson() {
    EndpointCall c =
        EndpointCall.of(
            json, TrackingEndpoints.LOG_BATCH, new LogBatch("r1", List.of(), null, null));
    assertThat(c.method()).isEqualTo("POST");
    assertThat(new String(c.body(), StandardCharsets.UTF_8)).isEqualTo("{\"run_id\":\"r1\"}");
  }

  @Test
  void aBodyWrittenStraightFromTheRequestIsTheSameJsonAsThroughATree() throws Exception {
    LogBatch batch =
        new LogBatch(
            "r1",
            List.of(
                dev.cairn.api.model.Metric.of("loss", 0.25, 1_700_000_000_000L, 3),
                dev.cairn.api.model.Metric.of("nan", Double.NaN, 1L, 0),
                dev.cairn.api.model.Metric.of("inf", Double.NEGATIVE_INFINITY, 2L, -1)),
            List.of(new dev.cairn.api.model.Param("lr", "0.1")),
            List.of(new dev.cairn.api.model.Tag("t", "")));
    EndpointCall c = EndpointCall.of(json, TrackingEndpoints.LOG_BATCH, batch);
    assertThat(new String(c.body(), StandardCharsets.UTF_8))
        .isEqualTo(json.writeValueAsString(json.valueToTree(batch)))
        .contains("\"value\":\"NaN\"", "\"value\":\"-Infinity\"");
  }
}
