package dev.cairn.server.filters;

import dev.cairn.server.http.HttpResponse;
import dev.cairn.server.routing.Call;
import dev.cairn.server.routing.Filter;
import dev.cairn.server.routing.Resource;

/**
 * {@code --artifacts-only}: only the proxied artifact service (and health, version, the UI's files)
 * is served; every other route answers 503 with MLflow's text.
 */
public final class ArtifactsOnly implements Filter {
  @Override
  public HttpResponse apply(Call call, Chain next) throws Exception {
    Resource r = call.route().resource();
    if (!call.matched()
        || r == Resource.PROXIED_ARTIFACT
        || r == Resource.SERVER
        || r == Resource.PUBLIC) {
      return next.proceed(call);
    }
    return HttpResponse.text(
        503,
        "Endpoint: "
            + call.path()
            + " disabled due to the mlflow server running in `--artifacts-only` mode. To enable"
            + " tracking server functionality, run `mlflow server` without `--artifacts-only`");
  }
}
