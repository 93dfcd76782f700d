package dev.cairn.server.routing;

/** What a route does to its {@link Resource}, in MLflow's permission terms. */
public enum Access {
  /** Reads (MLflow's {@code can_read}) one resource, or several named in the request. */
  READ,
  /**
   * Lists resources matching a query; with authentication on, the answer holds only what the caller
   * may read, pages filled and tokens kept right.
   */
  SEARCH,
  /** Creates a new top-level resource (an experiment, a registered model, a webhook). */
  CREATE,
  /** Writes into an existing resource ({@code can_update}): log, tag, rename, new versions. */
  UPDATE,
  /** Deletes or restores ({@code can_delete}). */
  DELETE;

  /** Whether the route changes stored state. */
  public boolean writes() {
    return this != READ && this != SEARCH;
  }
}
