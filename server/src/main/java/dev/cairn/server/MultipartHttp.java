package dev.cairn.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.api.ErrorCode;
import dev.cairn.api.WireJson;
import dev.cairn.api.artifacts.ArtifactMessages.AbortMultipartUpload;
import dev.cairn.api.artifacts.ArtifactMessages.CompleteMultipartUpload;
import dev.cairn.api.artifacts.ArtifactMessages.CreateMultipartUpload;
import dev.cairn.api.artifacts.ArtifactMessages.CreateMultipartUploadResponse;
import dev.cairn.api.artifacts.ArtifactMessages.MultipartUploadCredential;
import dev.cairn.core.CairnException;
import dev.cairn.core.artifacts.ArtifactPaths;
import dev.cairn.core.artifacts.ArtifactStore;
import dev.cairn.core.artifacts.MultipartUpload;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * The proxy's multipart upload routes ({@code mpu/create|complete|abort/<dir>}) and presigned
 * downloads. The URL path is the destination directory and the body's {@code path} the file name,
 * as MLflow's client sends them. Stores without multipart uploads answer NOT_IMPLEMENTED, and
 * MLflow's client then falls back to a single PUT.
 */
final class MultipartHttp {
  private static final int MAX_BODY_BYTES = 1024 * 1024;
  private final ObjectMapper mapper;

  MultipartHttp(ObjectMapper mapper) {
    this.mapper = mapper;
  }

  RawExchange.Answer handle(String action, ArtifactStore store, String dir, RawExchange ex)
      throws IOException {
    if (action.equals("presigned")) {
      throw new CairnException(
          ErrorCode.NOT_IMPLEMENTED,
          "Presigned download URLs are not supported for the current artifact repository.");
    }
    if (!ex.method().equals("POST")) {
      throw CairnException.badRequest("Method %s is not allowed here.", ex.method());
    }
    byte[] body = new LimitedInputStream(ex.body(), MAX_BODY_BYTES).readAllBytes();
    try {
      return switch (action) {
        case "mpu/create" -> create(store, dir, read(body, CreateMultipartUpload.class));
        case "mpu/complete" -> complete(store, dir, read(body, CompleteMultipartUpload.class));
        default -> abort(store, dir, read(body, AbortMultipartUpload.class));
      };
    } catch (UnsupportedOperationException e) {
      throw new CairnException(
          ErrorCode.NOT_IMPLEMENTED,
          "Multipart upload is not supported for the current artifact repository");
    }
  }

  private <T> T read(byte[] body, Class<T> type) throws IOException {
    return mapper.treeToValue(
        WireJson.snakeCaseKeys(
            body.length == 0 ? mapper.createObjectNode() : mapper.readTree(body)),
        type);
  }

  /** Only the base name of the client's {@code path} matters (it sends its local file path). */
  private static String target(String dir, String path) {
    if (path == null || path.isBlank()) {
      throw CairnException.invalid("Missing value for required parameter 'path'.");
    }
    String name = path.substring(Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')) + 1);
    return ArtifactPaths.join(dir, ArtifactPaths.relative(name));
  }

  private RawExchange.Answer create(ArtifactStore store, String dir, CreateMultipartUpload req)
      throws IOException {
    String target = target(dir, req.path());
    int parts = req.numParts() == null ? 1 : Math.toIntExact(req.numParts());
    if (parts < 1 || parts > 10_000) {
      throw CairnException.invalid("num_parts must be between 1 and 10000, got %d.", parts);
    }
    MultipartUpload upload = store.createMultipartUpload(target, parts);
    List<MultipartUploadCredential> creds =
        upload.credentials().stream()
            .map(c -> new MultipartUploadCredential(c.url(), (long) c.partNumber(), c.headers()))
            .toList();
    return json(new CreateMultipartUploadResponse(upload.uploadId(), creds));
  }

  private RawExchange.Answer complete(ArtifactStore store, String dir, CompleteMultipartUpload req)
      throws IOException {
    List<MultipartUpload.Part> parts =
        req.parts() == null
            ? List.of()
            : req.parts().stream()
                .map(
                    p ->
                        new MultipartUpload.Part(
                            Math.toIntExact(p.partNumber()), p.etag(), p.url()))
                .toList();
    store.completeMultipartUpload(target(dir, req.path()), req.uploadId(), parts);
    return json(Map.of());
  }

  private RawExchange.Answer abort(ArtifactStore store, String dir, AbortMultipartUpload req)
      throws IOException {
    store.abortMultipartUpload(target(dir, req.path()), req.uploadId());
    return json(Map.of());
  }

  private RawExchange.Answer json(Object value) throws IOException {
    return ArtifactHttp.bytes(200, "application/json", mapper.writeValueAsBytes(value));
  }
}
