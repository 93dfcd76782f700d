package dev.cairn.server.routing;

/**
 * What a route touches, for the checks that depend on it (artifacts-only mode, permissions): the
 * entity whose permission governs the call, found from the request as MLflow's auth app finds it.
 */
public enum Resource {
  /**
   * Open to every client, even when authentication is on: health, readiness, version, MLflow 3's
   * server-info and the web UI's static bundles (MLflow leaves {@code /health}, {@code /static*}
   * and server-info open).
   */
  PUBLIC,
  /** The server itself (the UI's page, {@code /metrics}): any signed-in user. */
  SERVER,
  /** An experiment, by {@code experiment_id} or name; searches of experiments. */
  EXPERIMENT,
  /** A run (governed by its experiment), by {@code run_id}/{@code run_uuid}. */
  RUN,
  /** A logged model (governed by its experiment), by {@code model_id}. */
  LOGGED_MODEL,
  /**
   * A trace (governed by its experiment), by {@code trace_id}/{@code request_id} or the lists
   * {@code trace_ids}/{@code request_ids}; its assessments too.
   */
  TRACE,
  /** A registered model and its versions and aliases, by {@code name}. */
  REGISTERED_MODEL,
  /** Files of the proxied artifact service, by their path ({@code <experiment>/<run>/...}). */
  PROXIED_ARTIFACT,
  /** Registry webhooks: administrators only when authentication is on. */
  WEBHOOK,
  /**
   * The auth API (users, grants, roles): every signed-in user reaches its handler, which decides
   * (an administrator, the user themself, or a manager of the resource a grant names).
   */
  ACCOUNT
}
