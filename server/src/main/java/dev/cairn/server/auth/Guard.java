package dev.cairn.server.auth;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.api.model.Tag;
import dev.cairn.core.CairnException;
import dev.cairn.core.artifacts.ArtifactPaths;
import dev.cairn.core.auth.Action;
import dev.cairn.core.auth.Grant;
import dev.cairn.core.auth.Requirement;
import dev.cairn.core.registry.Prompts;
import dev.cairn.server.routing.Access;
import dev.cairn.server.routing.Call;
import dev.cairn.server.routing.Route;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a request needs of a user who is not an administrator, from its route's {@link
 * dev.cairn.server.routing.Resource} and {@link Access} and the resource the request names, as
 * MLflow's auth app decides with workspaces off: a run, a logged model and an artifact are judged
 * by their experiment unless a grant on their tier ({@code run}, {@code logged_model}) speaks; a
 * registered model by its name, as a {@code prompt} when it is one; a run or logged model that does
 * not exist is refused rather than reported missing, so the answer does not tell which ids exist.
 */
final class Guard {
  static final String EXPERIMENT = Grant.EXPERIMENT;
  static final String RUN = "run";
  static final String LOGGED_MODEL = "logged_model";
  static final String TRACE = "trace";
  static final String PROMPT = "prompt";

  /** Proxied artifact paths are {@code <experiment id>/<run id>/artifacts/...}. */
  private static final Pattern EXPERIMENT_PATH = Pattern.compile("^(\\d+)/");

  private final ResourceLookup lookup;

  Guard(ResourceLookup lookup) {
    this.lookup = lookup;
  }

  Decision decide(Call call) {
    Route route = call.route();
    RequestParams params = new RequestParams(call);
    return switch (route.resource()) {
      case PUBLIC, SERVER, ACCOUNT -> Decision.ALLOW;
      case WEBHOOK -> Decision.ADMIN_ONLY;
      case EXPERIMENT -> experiment(route, params);
      case RUN -> runs(route.access(), ids(params, "run_id", "run_uuid", "run_ids"));
      case LOGGED_MODEL -> loggedModel(route.access(), required(params, "model_id"));
      case TRACE ->
          traces(route.access(), ids(params, "trace_id", "request_id", "trace_ids", "request_ids"));
      case REGISTERED_MODEL -> registeredModel(route, params);
      case PROXIED_ARTIFACT -> artifact(route.access(), call);
    };
  }

  private Decision experiment(Route route, RequestParams params) {
    Access access = route.access();
    if (access == Access.SEARCH) {
      return Decision.ALLOW;
    }
    if (access == Access.CREATE) {
      // Creation is open (workspaces off) unless a grant on every experiment denies it.
      return Decision.check(List.of(Requirement.on(EXPERIMENT, Grant.WILDCARD, Action.NOT_DENIED)));
    }
    List<String> ids = experimentIds(params);
    Action action = action(access);
    List<Requirement> out = new ArrayList<>();
    String sourceRun = params.get("source_run_id");
    if (route.paths().get(0).endsWith("/mlflow/logged-models")
        && sourceRun != null
        && !sourceRun.isEmpty()) {
      // A logged model created from a run: the caller must be able to read that run.
      Decision run = runs(Access.READ, List.of(sourceRun));
      if (!(run instanceof Decision.Check check)) {
        return run;
      }
      out.addAll(check.requirements());
    }
    for (String id : ids) {
      out.add(Requirement.on(EXPERIMENT, id, action));
      if (access == Access.DELETE) {
        // Deleting an experiment takes its runs, models and traces with it.
        for (String tier : List.of(RUN, LOGGED_MODEL, TRACE)) {
          out.add(Requirement.tier(tier, Action.DELETE, EXPERIMENT, id));
        }
      }
    }
    return Decision.check(out);
  }

  private List<String> experimentIds(RequestParams params) {
    java.util.LinkedHashSet<String> ids =
        new java.util.LinkedHashSet<>(params.list("experiment_id"));
    ids.addAll(params.list("experiment_ids"));
    ids.addAll(params.traceExperimentIds());
    if (!ids.isEmpty()) {
      return List.copyOf(ids);
    }
    String name = params.get("experiment_name");
    if (name == null) {
      throw missing("experiment_id");
    }
    String found = lookup.experimentIdByName(name);
    if (found == null) {
      throw CairnException.notFound("Could not find experiment with name %s", name);
    }
    return List.of(found);
  }

  private Decision runs(Access access, List<String> runIds) {
    List<Requirement> out = new ArrayList<>();
    for (String runId : runIds) {
      String experimentId = lookup.experimentOfRun(runId);
      if (experimentId == null) {
        return Decision.DENY;
      }
      out.add(Requirement.on(EXPERIMENT, experimentId, Action.READ));
      out.add(Requirement.tier(RUN, action(access), EXPERIMENT, experimentId));
    }
    return Decision.check(out);
  }

  private Decision traces(Access access, List<String> traceIds) {
    List<Requirement> out = new ArrayList<>();
    for (String traceId : traceIds) {
      String experimentId = lookup.experimentOfTrace(traceId);
      if (experimentId == null) {
        return Decision.DENY;
      }
      out.add(Requirement.on(EXPERIMENT, experimentId, Action.READ));
      out.add(Requirement.tier(TRACE, action(access), EXPERIMENT, experimentId));
    }
    return Decision.check(out);
  }

  private Decision loggedModel(Access access, String modelId) {
    String experimentId = lookup.experimentOfLoggedModel(modelId);
    if (experimentId == null) {
      return Decision.DENY;
    }
    return Decision.check(
        List.of(
            Requirement.on(EXPERIMENT, experimentId, Action.READ),
            Requirement.tier(LOGGED_MODEL, action(access), EXPERIMENT, experimentId)));
  }

  private Decision registeredModel(Route route, RequestParams params) {
    Access access = route.access();
    if (access == Access.SEARCH) {
      return Decision.ALLOW;
    }
    String name = required(params, "name");
    if (access == Access.CREATE) {
      String type = taggedPrompt(params.body()) ? PROMPT : Grant.REGISTERED_MODEL;
      return Decision.check(List.of(Requirement.on(type, name, Action.NOT_DENIED)));
    }
    String type = Boolean.TRUE.equals(lookup.isPrompt(name)) ? PROMPT : Grant.REGISTERED_MODEL;
    List<Requirement> out = new ArrayList<>();
    String path = route.paths().get(0);
    if (path.contains("/model-versions/") && !path.endsWith("/model-versions/create")) {
      // A version is judged by the model unless a grant on the version tier speaks.
      String versions = type.equals(PROMPT) ? "prompt_version" : "registered_model_version";
      out.add(Requirement.on(type, name, Action.READ));
      out.add(Requirement.tier(versions, action(access), type, name));
    } else {
      out.add(Requirement.on(type, name, action(access)));
    }
    if (route.paths().get(0).endsWith("/mlflow/model-versions/create")) {
      // A version copies its source: the caller must be able to read the run or model it names.
      Decision source = versionSource(params);
      if (!(source instanceof Decision.Check check)) {
        return source;
      }
      out.addAll(check.requirements());
    }
    return Decision.check(out);
  }

  private Decision versionSource(RequestParams params) {
    List<Requirement> out = new ArrayList<>();
    String runId = params.get("run_id");
    if (runId != null && !runId.isEmpty()) {
      Decision run = runs(Access.READ, List.of(runId));
      if (!(run instanceof Decision.Check check)) {
        return run;
      }
      out.addAll(check.requirements());
    }
    String modelId = params.get("model_id");
    if (modelId != null && !modelId.isEmpty()) {
      Decision model = loggedModel(Access.READ, modelId);
      if (!(model instanceof Decision.Check check)) {
        return model;
      }
      out.addAll(check.requirements());
    }
    return Decision.check(out);
  }

  private Decision artifact(Access access, Call call) {
    String path = call.pathParams().get("path");
    if (path == null) {
      path = call.queryParam("path");
    }
    Action action = action(access);
    if (path == null || path.isEmpty()) {
      return new Decision.Default(action);
    }
    String canonical = canonical(path);
    if (canonical == null) {
      return Decision.DENY;
    }
    Matcher m = EXPERIMENT_PATH.matcher(canonical + "/");
    if (!m.find()) {
      return new Decision.Default(action);
    }
    String experimentId = m.group(1);
    String[] segments = canonical.split("/");
    if (segments.length > 2 && segments[2].equals("artifacts")) {
      return Decision.check(
          List.of(
              Requirement.on(EXPERIMENT, experimentId, Action.READ),
              Requirement.tier(RUN, action, EXPERIMENT, experimentId)));
    }
    return Decision.check(List.of(Requirement.on(EXPERIMENT, experimentId, action)));
  }

  /**
   * The path as the artifact routes use it (decoded and checked by the one sanitiser, so the path
   * judged is the path served), or null when it could leave its root.
   */
  private static String canonical(String path) {
    try {
      return ArtifactPaths.relative(path);
    } catch (CairnException e) {
      return null;
    }
  }

  /** Whether a request or entity (its {@code tags}) is marked a prompt, as the registry decides. */
  static boolean taggedPrompt(JsonNode body) {
    if (body == null) {
      return false;
    }
    List<Tag> tags = new ArrayList<>();
    body.path("tags")
        .forEach(t -> tags.add(new Tag(t.path("key").asText(), t.path("value").asText(null))));
    return Prompts.marked(tags);
  }

  /** Every id the request names under any of the names (a bulk read names many runs). */
  private static List<String> ids(RequestParams params, String one, String... others) {
    java.util.LinkedHashSet<String> ids = new java.util.LinkedHashSet<>(params.list(one));
    for (String name : others) {
      ids.addAll(params.list(name));
    }
    if (ids.isEmpty()) {
      throw missing(one);
    }
    return List.copyOf(ids);
  }

  private static String required(RequestParams params, String name) {
    String value = params.get(name);
    if (value == null) {
      throw missing(name);
    }
    return value;
  }

  private static CairnException missing(String name) {
    return CairnException.invalid(
        "Missing value for required parameter '%s'. See the API docs for more information about"
            + " request parameters.",
        name);
  }

  static Action action(Access access) {
    return switch (access) {
      case READ, SEARCH -> Action.READ;
      case CREATE, UPDATE -> Action.UPDATE;
      case DELETE -> Action.DELETE;
    };
  }
}
