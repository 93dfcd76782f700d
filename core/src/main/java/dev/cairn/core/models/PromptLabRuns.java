package dev.cairn.core.models;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import dev.cairn.api.model.Param;
import dev.cairn.api.model.RunStatus;
import dev.cairn.api.model.Tag;
import dev.cairn.api.tracking.LoggedModelMessages.LogModel;
import dev.cairn.api.tracking.RunMessages.CreatePromptlabRun;
import dev.cairn.api.tracking.RunMessages.CreateRun;
import dev.cairn.api.tracking.RunMessages.GetRun;
import dev.cairn.api.tracking.RunMessages.LogBatch;
import dev.cairn.api.tracking.RunMessages.PromptlabParam;
import dev.cairn.api.tracking.RunMessages.RunResponse;
import dev.cairn.api.tracking.RunMessages.UpdateRun;
import dev.cairn.core.CairnException;
import dev.cairn.core.PythonJson;
import dev.cairn.core.artifacts.ArtifactService;
import dev.cairn.core.artifacts.ArtifactService.Location;
import dev.cairn.core.tracking.TrackingService;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.InstantSource;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * MLflow's {@code runs/create-promptlab-run}: the run its prompt engineering UI records for one
 * prompt, route and input/output pair. The run gets the model parameters, {@code model_route} and
 * {@code prompt_template} as params, the tags that show its evaluation table, a {@code model}
 * folder in MLflow's pyfunc layout (MLmodel, parameters.yaml, requirements.txt, input examples) in
 * its log-model history, and {@code eval_results_table.json}; then it is FINISHED.
 */
public final class PromptLabRuns {
  private static final String LOGGED_ARTIFACTS_TAG = "mlflow.loggedArtifacts";
  private static final String SOURCE_TYPE_TAG = "mlflow.runSourceType";
  private static final String EVAL_TABLE = "eval_results_table.json";
  private static final DateTimeFormatter CREATED =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS").withZone(ZoneOffset.UTC);

  private final TrackingService tracking;
  private final ModelHistory history;
  private final ArtifactService artifacts;
  private final InstantSource clock;
  private final ObjectMapper json = new ObjectMapper();
  private final ObjectMapper yaml =
      new ObjectMapper(
          YAMLFactory.builder()
              .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
              .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
              .build());

  public PromptLabRuns(
      TrackingService tracking,
      ModelHistory history,
      ArtifactService artifacts,
      InstantSource clock) {
    this.tracking = tracking;
    this.history = history;
    this.artifacts = artifacts;
    this.clock = clock;
  }

  /**
   * Creates and fills the run. Arguments are checked in MLflow's order with its messages
   * ("CreatePromptlabRun request must specify experiment_id."); a missing experiment is
   * RESOURCE_DOES_NOT_EXIST.
   *
   * <p>MLflow ends the run FAILED and answers 200 when logging or writing the artifacts fails,
   * hiding the reason; Cairn ends it FAILED too, then answers the error.
   */
  public RunResponse createPromptlabRun(CreatePromptlabRun req) {
    required("experiment_id", req.experimentId());
    required("prompt_template", req.promptTemplate());
    required("prompt_parameters", req.promptParameters());
    required("model_route", req.modelRoute());
    required("model_input", req.modelInput());
    required("mlflow_version", req.mlflowVersion());
    String user = req.userId() == null ? "unknown" : req.userId();
    long start = req.startTime() == null ? clock.millis() : req.startTime();
    String runId =
        tracking
            .createRun(new CreateRun(req.experimentId(), user, req.runName(), start, req.tags()))
            .run()
            .info()
            .runId();
    RunStatus end = RunStatus.FAILED;
    try {
      fill(runId, req);
      end = RunStatus.FINISHED;
    } finally {
      tracking.updateRun(new UpdateRun(runId, null, end, clock.millis(), null));
    }
    return tracking.getRun(new GetRun(runId, null));
  }

  private void fill(String runId, CreatePromptlabRun req) {
    List<Param> params = new ArrayList<>(strings(req.modelParameters()));
    params.add(new Param("model_route", req.modelRoute()));
    params.add(new Param("prompt_template", req.promptTemplate()));
    String table = "[{\"path\": \"" + EVAL_TABLE + "\", \"type\": \"table\"}]";
    List<Tag> tags =
        List.of(
            new Tag(LOGGED_ARTIFACTS_TAG, table), new Tag(SOURCE_TYPE_TAG, "PROMPT_ENGINEERING"));
    tracking.logBatch(new LogBatch(runId, List.of(), params, tags));

    List<Param> prompt = strings(req.promptParameters());
    Map<String, Object> model = mlmodel(runId, prompt, req.mlflowVersion());
    history.logModel(new LogModel(runId, write(json, model)));

    String uri = tracking.getRun(new GetRun(runId, null)).run().info().artifactUri();
    Location root = artifacts.locate(uri);
    List<String> values = prompt.stream().map(Param::value).toList();
    put(root, "model/MLmodel", write(yaml, model));
    put(root, "model/parameters.yaml", write(yaml, parameters(req, prompt)));
    put(root, "model/requirements.txt", "mlflow[gateway]==" + req.mlflowVersion());
    put(root, "model/input_example.json", pyJson(Map.of("inputs", values)));
    put(
        root,
        "model/serving_input_example.json",
        pyJson(Map.of("inputs", Map.of("inputs", values))));
    put(root, EVAL_TABLE, pyJson(evalTable(req, prompt)));
  }

  /** MLflow's MLmodel of a prompt lab model (no conda or virtualenv files: see COMPATIBILITY). */
  private Map<String, Object> mlmodel(String runId, List<Param> prompt, String mlflowVersion) {
    Map<String, Object> pyfunc = new LinkedHashMap<>();
    pyfunc.put("loader_module", "mlflow.prompt.promptlab_model");
    pyfunc.put("parameters_path", "parameters.yaml");
    List<Map<String, Object>> inputs = new ArrayList<>();
    prompt.forEach(p -> inputs.add(column(p.key())));
    Map<String, Object> signature = new LinkedHashMap<>();
    signature.put("inputs", pyJson(inputs));
    signature.put("outputs", pyJson(List.of(column("output"))));
    Map<String, Object> example = new LinkedHashMap<>();
    example.put("artifact_path", "input_example.json");
    example.put("serving_input_path", "serving_input_example.json");
    example.put("type", "json_object");
    Map<String, Object> model = new LinkedHashMap<>();
    model.put("artifact_path", "model");
    model.put("flavors", Map.of("python_function", pyfunc));
    model.put("mlflow_version", mlflowVersion);
    model.put("model_uuid", UUID.randomUUID().toString().replace("-", ""));
    model.put("run_id", runId);
    model.put("saved_input_example_info", example);
    model.put("signature", signature);
    model.put("utc_time_created", CREATED.format(clock.instant()));
    return model;
  }

  private static Map<String, Object> column(String name) {
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("type", "string");
    c.put("name", name);
    c.put("required", true);
    return c;
  }

  private static Map<String, Object> parameters(CreatePromptlabRun req, List<Param> prompt) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("model_parameters", asMap(strings(req.modelParameters())));
    out.put("model_route", req.modelRoute());
    out.put("prompt_parameters", asMap(prompt));
    out.put("prompt_template", req.promptTemplate());
    return out;
  }

  /** One row: the prompt parameters, the prompt (input), the output, the output parameters. */
  private static Map<String, Object> evalTable(CreatePromptlabRun req, List<Param> prompt) {
    List<Param> outputs = strings(req.modelOutputParameters());
    List<Object> columns = new ArrayList<>();
    List<Object> row = new ArrayList<>();
    prompt.forEach(p -> columns.add(p.key()));
    prompt.forEach(p -> row.add(p.value()));
    columns.addAll(List.of("prompt", "output"));
    row.add(req.modelInput());
    row.add(req.modelOutput());
    outputs.forEach(p -> columns.add(p.key()));
    outputs.forEach(p -> row.add(p.value()));
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("columns", columns);
    out.put("data", List.of(row));
    return out;
  }

  private static Map<String, String> asMap(List<Param> params) {
    Map<String, String> out = new LinkedHashMap<>();
    params.forEach(p -> out.put(p.key(), p.value()));
    return out;
  }

  /** The parameters with values as Python's {@code str()} writes them, as MLflow logs them. */
  private static List<Param> strings(List<PromptlabParam> params) {
    if (params == null) {
      return List.of();
    }
    return params.stream().map(p -> new Param(p.key(), PythonJson.str(p.value()))).toList();
  }

  /** MLflow's {@code if not arg}: absent, empty string and empty list are all missing. */
  private static void required(String name, Object value) {
    if (value == null
        || (value instanceof String s && s.isEmpty())
        || (value instanceof List<?> l && l.isEmpty())) {
      throw CairnException.invalid("CreatePromptlabRun request must specify %s.", name);
    }
  }

  private void put(Location root, String path, String text) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    ArtifactService.io(
        () -> {
          root.store().write(root.path(path), new ByteArrayInputStream(bytes), (long) bytes.length);
          return null;
        });
  }

  /** Python's {@code json.dumps(value)}, as MLflow wrote these files and strings. */
  private String pyJson(Object value) {
    return PythonJson.dumps(json.valueToTree(value), PythonJson.Style.DEFAULT);
  }

  private static String write(ObjectMapper mapper, Object value) {
    try {
      return mapper.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
