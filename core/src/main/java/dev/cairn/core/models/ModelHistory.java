package dev.cairn.core.models;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.api.Empty;
import dev.cairn.api.model.Tag;
import dev.cairn.api.tracking.LoggedModelMessages.LogModel;
import dev.cairn.core.CairnException;
import dev.cairn.core.tracking.Limits;
import dev.cairn.core.tracking.TrackingStore;
import dev.cairn.core.tracking.Validation;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * MLflow 2's {@code runs/log-model}: appends the model's summary (run id, time, artifact path,
 * flavors without their {@code config}) to the run tag {@code mlflow.log-model.history}, a JSON
 * list, as MLflow's {@code record_logged_model} does.
 */
public final class ModelHistory {
  public static final String TAG = "mlflow.log-model.history";
  private static final Set<String> REQUIRED =
      Set.of("artifact_path", "flavors", "utc_time_created", "run_id");
  private static final Set<String> KEPT =
      Set.of("run_id", "utc_time_created", "artifact_path", "model_uuid");

  private final TrackingStore store;
  private final ObjectMapper mapper = new ObjectMapper();

  public ModelHistory(TrackingStore store) {
    this.store = store;
  }

  public Empty logModel(LogModel req) {
    String runId = Validation.runId(req.runId(), "run_id");
    String json = Validation.require(req.modelJson(), "model_json");
    JsonNode model;
    try {
      model = mapper.readTree(json);
    } catch (JsonProcessingException e) {
      model = null;
    }
    if (model == null || !model.isObject()) {
      throw CairnException.invalid("Malformed model info. \n %s \n is not a valid JSON.", json);
    }
    Set<String> missing = new TreeSet<>(REQUIRED);
    model.fieldNames().forEachRemaining(missing::remove);
    if (!missing.isEmpty()) {
      throw CairnException.invalid("Model json is missing mandatory fields: %s", missing);
    }
    ArrayNode history = previous(runId);
    history.add(summary((ObjectNode) model));
    String value = history.toString();
    Validation.maxLength(value, Limits.MAX_TAG_VAL_LENGTH, "tag value");
    store.logBatch(runId, List.of(), List.of(), List.of(new Tag(TAG, value)));
    return Empty.INSTANCE;
  }

  private ArrayNode previous(String runId) {
    for (Tag t : store.getRun(runId).data().tags()) {
      if (t.key().equals(TAG)) {
        try {
          JsonNode node = mapper.readTree(t.value());
          if (node.isArray()) {
            return (ArrayNode) node;
          }
        } catch (JsonProcessingException e) {
          break;
        }
      }
    }
    return mapper.createArrayNode();
  }

  private ObjectNode summary(ObjectNode model) {
    ObjectNode out = mapper.createObjectNode();
    model
        .properties()
        .forEach(
            e -> {
              if (KEPT.contains(e.getKey())) {
                out.set(e.getKey(), e.getValue());
              }
            });
    ObjectNode flavors = out.putObject("flavors");
    model
        .path("flavors")
        .properties()
        .forEach(
            e -> {
              JsonNode config = e.getValue();
              if (config.isObject()) {
                ObjectNode copy = ((ObjectNode) config).deepCopy();
                copy.remove("config");
                flavors.set(e.getKey(), copy);
              } else {
                flavors.set(e.getKey(), config);
              }
            });
    return out;
  }
}
