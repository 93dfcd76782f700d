package dev.cairn.api.tracing;

import static dev.cairn.api.Endpoint.delete;
import static dev.cairn.api.Endpoint.get;
import static dev.cairn.api.Endpoint.patch;
import static dev.cairn.api.Endpoint.post;

import dev.cairn.api.Empty;
import dev.cairn.api.Endpoint;
import dev.cairn.api.tracing.TraceMessages.*;

/**
 * MLflow's trace routes. The same path means different RPCs under {@code /2.0} and {@code /3.0}
 * ({@code POST /mlflow/traces} starts a v2 trace or logs a v3 one), so the two sets are apart: the
 * server answers {@code V3_*} under the 3.0 prefixes only and {@code V2_*} under the 2.0 ones.
 */
public final class TraceEndpoints {
  private TraceEndpoints() {}

  private static final String T = "/mlflow/traces";

  public static final Endpoint<StartTraceV3, TraceResponse> V3_START =
      post(T, StartTraceV3.class, TraceResponse.class);
  public static final Endpoint<GetTraceInfoV3, TraceResponse> V3_GET_INFO =
      get(T + "/{trace_id}", GetTraceInfoV3.class, TraceResponse.class);
  public static final Endpoint<GetTrace, TraceResponse> V3_GET =
      get(T + "/get", GetTrace.class, TraceResponse.class);
  public static final Endpoint<BatchGetTraces, BatchGetTracesResponse> V3_BATCH_GET =
      get(T + "/batchGet", BatchGetTraces.class, BatchGetTracesResponse.class);
  public static final Endpoint<BatchGetTraceInfos, BatchGetTraceInfosResponse> V3_BATCH_GET_INFOS =
      post(T + "/batchGetInfos", BatchGetTraceInfos.class, BatchGetTraceInfosResponse.class);
  public static final Endpoint<SearchTracesV3, SearchTracesV3Response> V3_SEARCH =
      post(T + "/search", SearchTracesV3.class, SearchTracesV3Response.class);
  public static final Endpoint<DeleteTraces, DeleteTracesResponse> V3_DELETE =
      post(T + "/delete-traces", DeleteTraces.class, DeleteTracesResponse.class);
  public static final Endpoint<SetTraceTagV3, Empty> V3_SET_TAG =
      patch(T + "/{trace_id}/tags", SetTraceTagV3.class, Empty.class);
  public static final Endpoint<DeleteTraceTagV3, Empty> V3_DELETE_TAG =
      delete(T + "/{trace_id}/tags", DeleteTraceTagV3.class, Empty.class);
  public static final Endpoint<CreateAssessment, AssessmentResponse> V3_CREATE_ASSESSMENT =
      post(T + "/{trace_id}/assessments", CreateAssessment.class, AssessmentResponse.class);
  public static final Endpoint<GetAssessment, AssessmentResponse> V3_GET_ASSESSMENT =
      get(
          T + "/{trace_id}/assessments/{assessment_id}",
          GetAssessment.class,
          AssessmentResponse.class);
  public static final Endpoint<UpdateAssessment, AssessmentResponse> V3_UPDATE_ASSESSMENT =
      patch(
          T + "/{trace_id}/assessments/{assessment_id}",
          UpdateAssessment.class,
          AssessmentResponse.class);
  public static final Endpoint<DeleteAssessment, Empty> V3_DELETE_ASSESSMENT =
      delete(T + "/{trace_id}/assessments/{assessment_id}", DeleteAssessment.class, Empty.class);

  public static final Endpoint<StartTrace, TraceInfoV2Response> V2_START =
      post(T, StartTrace.class, TraceInfoV2Response.class);
  public static final Endpoint<EndTrace, TraceInfoV2Response> V2_END =
      patch(T + "/{request_id}", EndTrace.class, TraceInfoV2Response.class);
  public static final Endpoint<GetTraceInfo, TraceInfoV2Response> V2_GET_INFO =
      get(T + "/{request_id}/info", GetTraceInfo.class, TraceInfoV2Response.class);
  public static final Endpoint<SearchTraces, SearchTracesResponse> V2_SEARCH =
      get(T, SearchTraces.class, SearchTracesResponse.class);
  public static final Endpoint<DeleteTraces, DeleteTracesResponse> V2_DELETE =
      post(T + "/delete-traces", DeleteTraces.class, DeleteTracesResponse.class);
  public static final Endpoint<SetTraceTag, Empty> V2_SET_TAG =
      patch(T + "/{request_id}/tags", SetTraceTag.class, Empty.class);
  public static final Endpoint<DeleteTraceTag, Empty> V2_DELETE_TAG =
      delete(T + "/{request_id}/tags", DeleteTraceTag.class, Empty.class);
  public static final Endpoint<LinkTracesToRun, Empty> V2_LINK_TO_RUN =
      post(T + "/link-to-run", LinkTracesToRun.class, Empty.class);
}
