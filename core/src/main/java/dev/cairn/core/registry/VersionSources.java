package dev.cairn.core.registry;

import dev.cairn.api.model.LoggedModel;
import dev.cairn.api.model.Tag;
import dev.cairn.api.registry.ModelVersion;
import dev.cairn.core.CairnException;
import dev.cairn.core.models.LoggedModelStore;
import dev.cairn.core.tracking.TrackingStore;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Model-version sources as MLflow 3.17 takes them: checked against the run's or logged model's
 * artifacts, {@code models:/} resolved to what it names, registrations recorded on the logged
 * model.
 */
final class VersionSources {
  private static final Pattern MODEL_ID = Pattern.compile("^m-[0-9a-f]{32}$");

  /** What a {@code models:/} source resolves to. */
  record Resolved(String storageLocation, String runId, String modelId) {}

  private final RegistryStore store;
  private final TrackingStore tracking;
  private final LoggedModelStore models;

  VersionSources(RegistryStore store, TrackingStore tracking, LoggedModelStore models) {
    this.store = store;
    this.tracking = tracking;
    this.models = models;
  }

  /** A source that is not {@code models:/}: within the run's or the logged model's artifacts. */
  void check(String source, String runId, String modelId) {
    if (modelId != null) {
      ModelSources.check(source, loggedModelRoot(modelId, source), "model_id");
      return;
    }
    if ("runs".equals(ModelSources.scheme(source))) {
      ModelSources.checkNoRelativeParts(source);
      String rest = source.substring("runs:".length());
      String sourceRun = rest.startsWith("//") ? null : rest.replaceFirst("^/+", "").split("/")[0];
      if (runId == null || !runId.equals(sourceRun)) {
        throw ModelSources.notWithin(source, "run_id");
      }
      return;
    }
    String root = null;
    // As MLflow, the run is looked up only when the source must lie in its artifacts (a local or
    // proxied source): an s3:// source may name a run this server does not hold.
    if (runId != null && (ModelSources.isLocal(source) || ModelSources.isProxied(source))) {
      try {
        root = tracking.getRun(runId).info().artifactUri();
      } catch (CairnException e) {
        throw ModelSources.notWithin(source, "run_id");
      }
    }
    ModelSources.check(source, root, "run_id");
  }

  private String loggedModelRoot(String modelId, String source) {
    try {
      return models.getLoggedModel(modelId, false).info().artifactUri();
    } catch (CairnException e) {
      throw ModelSources.notWithin(source, "model_id");
    }
  }

  /**
   * {@code models:/<model id>} stores the logged model's location and fills the run from it; {@code
   * models:/<name>/<version>} stores that version's files.
   */
  Resolved resolveModelsUri(String source, String runId, String modelId) {
    ModelSources.checkNoRelativeParts(source);
    String rest = source.substring("models:".length());
    if (rest.startsWith("//")) {
      throw CairnException.invalid(
          "Invalid model version source: '%s'. Registered model sources must use the active model"
              + " registry.",
          source);
    }
    String[] parts = rest.replaceFirst("^/+", "").split("/");
    if (parts.length == 1 && MODEL_ID.matcher(parts[0]).matches()) {
      if (modelId != null && !modelId.equals(parts[0])) {
        throw ModelSources.notWithin(source, "model_id");
      }
      LoggedModel model;
      try {
        model = models.getLoggedModel(parts[0], false);
      } catch (CairnException e) {
        throw ModelSources.notWithin(source, "model_id");
      }
      String run = runId != null ? runId : model.info().sourceRunId();
      return new Resolved(model.info().artifactUri(), run, parts[0]);
    }
    if (parts.length != 2) {
      throw ModelSources.notWithin(source, "model_id");
    }
    ModelVersion v = resolveVersion(parts[0], parts[1]);
    if (runId != null && !runId.equals(v.runId() == null ? "" : v.runId())) {
      throw CairnException.invalid(
          "Invalid model version source: '%s'. The run_id and model_id request parameters must"
              + " match the referenced model version.",
          source);
    }
    return new Resolved(
        store.downloadUri(v.name(), Long.parseLong(v.version())),
        runId != null ? runId : v.runId(),
        modelId);
  }

  /** A version by number, stage name or {@code latest}, as {@code models:/name/<x>} names it. */
  private ModelVersion resolveVersion(String name, String which) {
    if (which.chars().allMatch(Character::isDigit)) {
      return store.getModelVersion(name, Long.parseLong(which));
    }
    List<String> stages =
        which.equalsIgnoreCase("latest") ? List.of() : List.of(Stages.canonical(which));
    List<ModelVersion> latest = store.latestVersions(name, stages);
    return latest.stream()
        .max((a, b) -> Long.compare(Long.parseLong(a.version()), Long.parseLong(b.version())))
        .orElseThrow(() -> CairnException.notFound("No versions of model %s in %s", name, which));
  }

  /**
   * MLflow records registrations on the logged model as the tag {@code mlflow.modelVersions}, a
   * JSON list of {@code {"name", "version"}}.
   */
  void recordOnLoggedModel(String modelId, String name, String version) {
    LoggedModel model = models.getLoggedModel(modelId, false);
    String previous = null;
    for (Tag t : model.info().tags()) {
      if (t.key().equals("mlflow.modelVersions")) {
        previous = t.value();
      }
    }
    String entry = "{\"name\": " + jsonString(name) + ", \"version\": " + version + "}";
    String value =
        previous == null || !previous.strip().endsWith("]") || previous.strip().equals("[]")
            ? "[" + entry + "]"
            : previous.strip().substring(0, previous.strip().length() - 1) + ", " + entry + "]";
    models.setLoggedModelTags(modelId, List.of(new Tag("mlflow.modelVersions", value)));
  }

  private static String jsonString(String s) {
    return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }
}
