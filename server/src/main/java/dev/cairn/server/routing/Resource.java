package dev.cairn.server.routing;

/**
 * What a route touches, for the checks that depend on it (artifacts-only mode, permissions): the
 * entity whose permission governs the call, found from the request as MLflow's auth app finds it.
 */
public enum Resource {
  /** Health, version and the web UI's files: open to every client. */
  SERVER,
  /** An experiment, by {@code experiment_id} or name; searches of experiments. */
  EXPERIMENT,
  /** A run (governed by its experiment), by {@code run_id}/{@code run_uuid}. */
  RUN,
  /** A logged model (governed by its experiment), by {@code model_id}. */
  LOGGED_MODEL,
  /** A registered model and its versions and aliases, by {@code name}. */
  REGISTERED_MODEL,
  /** Files of the proxied artifact service, by their path ({@code <experiment>/<run>/...}). */
  PROXIED_ARTIFACT,
  /** Registry webhooks. */
  WEBHOOK
}
