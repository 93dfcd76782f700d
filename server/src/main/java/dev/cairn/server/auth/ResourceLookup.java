package dev.cairn.server.auth;

/**
 * What the permission checks must read of stored resources to judge a request, as MLflow's auth app
 * reads it: each answer is null when there is no such resource.
 */
public interface ResourceLookup {
  /** The id of the experiment the run belongs to. */
  String experimentOfRun(String runId);

  /** The id of the experiment the logged model belongs to. */
  String experimentOfLoggedModel(String modelId);

  /** The id of the experiment the trace belongs to. */
  String experimentOfTrace(String traceId);

  /** The id of the experiment of that exact name. */
  String experimentIdByName(String name);

  /** Whether the registered model of that name is a prompt; null when there is none. */
  Boolean isPrompt(String registeredModelName);
}
