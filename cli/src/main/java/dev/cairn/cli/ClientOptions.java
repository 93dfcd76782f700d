package dev.cairn.cli;

import dev.cairn.client.CairnClient;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** Where the client commands send their calls; credentials and TLS come from MLflow's variables. */
final class ClientOptions {
  @Option(
      names = "--tracking-uri",
      scope = ScopeType.INHERIT,
      defaultValue = "${env:MLFLOW_TRACKING_URI}",
      description =
          "The tracking server, e.g. http://localhost:5000; credentials from"
              + " MLFLOW_TRACKING_USERNAME/PASSWORD/TOKEN. [env: MLFLOW_TRACKING_URI]")
  String trackingUri;

  CairnClient client() {
    if (trackingUri == null || trackingUri.isBlank()) {
      throw new IllegalArgumentException(
          "no tracking server: pass --tracking-uri or set MLFLOW_TRACKING_URI");
    }
    return CairnClient.forUri(trackingUri);
  }
}
