package dev.cairn.api.artifacts;

import static dev.cairn.api.Endpoint.get;

import dev.cairn.api.Endpoint;
import dev.cairn.api.artifacts.ArtifactMessages.ListArtifacts;
import dev.cairn.api.artifacts.ArtifactMessages.ListArtifactsResponse;

/**
 * The JSON artifact routes of the tracking API. The streamed ones (the proxy's upload and download,
 * {@code /get-artifact}) are not request/response RPCs and are served by the server's artifact
 * handler.
 */
public final class ArtifactEndpoints {
  private ArtifactEndpoints() {}

  public static final Endpoint<ListArtifacts, ListArtifactsResponse> LIST_ARTIFACTS =
      get("/mlflow/artifacts/list", ListArtifacts.class, ListArtifactsResponse.class);
}
