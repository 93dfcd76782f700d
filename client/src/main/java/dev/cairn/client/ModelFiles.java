package dev.cairn.client;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** The {@code MLmodel} file MLflow 3 writes for a logged model, for folders that lack one. */
final class ModelFiles {
  private ModelFiles() {}

  private static final DateTimeFormatter UTC =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS").withZone(ZoneOffset.UTC);

  static String mlmodel(String modelId, String runId, String artifactUri) {
    return """
        artifact_path: %s
        flavors: {}
        model_id: %s
        model_uuid: %s
        run_id: %s
        utc_time_created: '%s'
        """
        .formatted(artifactUri, modelId, modelId, runId, UTC.format(Instant.now()));
  }
}
