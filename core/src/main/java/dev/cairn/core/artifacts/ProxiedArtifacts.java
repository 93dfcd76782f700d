package dev.cairn.core.artifacts;

import dev.cairn.api.ErrorCode;
import dev.cairn.api.artifacts.ArtifactMessages.AbortMultipartUpload;
import dev.cairn.api.artifacts.ArtifactMessages.CompleteMultipartUpload;
import dev.cairn.api.artifacts.ArtifactMessages.CreateMultipartUpload;
import dev.cairn.api.artifacts.ArtifactMessages.CreateMultipartUploadResponse;
import dev.cairn.api.artifacts.ArtifactMessages.FileInfo;
import dev.cairn.api.artifacts.ArtifactMessages.MultipartUploadCredential;
import dev.cairn.api.artifacts.ArtifactMessages.ProxyListArtifactsResponse;
import dev.cairn.core.CairnException;
import java.io.InputStream;
import java.util.List;

/**
 * MLflow's proxied artifact service ({@code mlflow server --serve-artifacts}): files under the
 * server's artifact destination, addressed by the path the client gives. Every path passes {@link
 * ArtifactPaths} first; the root itself is never a file to write or delete.
 */
public final class ProxiedArtifacts {
  private static final int MAX_PARTS = 10_000;
  private final ArtifactService artifacts;

  public ProxiedArtifacts(ArtifactService artifacts) {
    this.artifacts = artifacts;
  }

  /**
   * One directory level. A file lists as nothing, as MLflow's local repository does: the client
   * decides "directory or file" by whether the listing is empty.
   */
  public ProxyListArtifactsResponse list(String rawPath) {
    ArtifactStore store = artifacts.destination();
    String path = ArtifactPaths.relative(rawPath);
    List<FileInfo> files =
        ArtifactService.io(() -> store.list(path)).stream()
            .filter(e -> !e.path().equals(path))
            .map(e -> new FileInfo(e.name(), e.isDir(), e.size()))
            .toList();
    return new ProxyListArtifactsResponse(files);
  }

  public ArtifactFile download(String rawPath) {
    return artifacts.open(
        new ArtifactService.Located(artifacts.destination(), ArtifactPaths.relative(rawPath)));
  }

  /** Presigned downloads need a store that signs URLs; the client then reads through the proxy. */
  public void presignedDownload(String rawPath) {
    ArtifactPaths.relative(rawPath);
    artifacts.destination();
    throw new CairnException(
        ErrorCode.NOT_IMPLEMENTED,
        "Presigned download URLs are not supported for the current artifact repository.");
  }

  /** Writes a file; refused for the root and for a path that is a directory. */
  public void upload(String rawPath, InputStream in, long length) {
    ArtifactStore store = artifacts.destination();
    String path = nonEmpty(rawPath);
    ArtifactEntry existing = ArtifactService.io(() -> store.stat(path));
    if (existing != null && existing.isDir()) {
      throw CairnException.invalid("Artifact path '%s' is a directory.", path);
    }
    ArtifactService.io(
        () -> {
          store.write(path, in, length);
          return null;
        });
  }

  public void delete(String rawPath) {
    ArtifactStore store = artifacts.destination();
    String path = nonEmpty(rawPath);
    ArtifactService.io(
        () -> {
          store.delete(path);
          return null;
        });
  }

  /**
   * Starts a multipart upload of {@code req.path()}'s file name into the directory {@code dir}, as
   * MLflow's client sends them. Stores without multipart uploads answer NOT_IMPLEMENTED, and the
   * client then falls back to a single PUT.
   */
  public CreateMultipartUploadResponse createMultipart(String dir, CreateMultipartUpload req) {
    String target = target(dir, req.path());
    int parts = req.numParts() == null ? 1 : (int) Math.min(Integer.MAX_VALUE, req.numParts());
    if (parts < 1 || parts > MAX_PARTS) {
      throw CairnException.invalid("num_parts must be between 1 and %d, got %d.", MAX_PARTS, parts);
    }
    MultipartUpload upload =
        multipart(() -> artifacts.destination().createMultipartUpload(target, parts));
    return new CreateMultipartUploadResponse(
        upload.uploadId(),
        upload.credentials().stream()
            .map(c -> new MultipartUploadCredential(c.url(), (long) c.partNumber(), c.headers()))
            .toList());
  }

  public void completeMultipart(String dir, CompleteMultipartUpload req) {
    String target = target(dir, req.path());
    List<MultipartUpload.Part> parts =
        req.parts() == null
            ? List.of()
            : req.parts().stream()
                .map(
                    p ->
                        new MultipartUpload.Part(
                            Math.toIntExact(p.partNumber()), p.etag(), p.url()))
                .toList();
    multipart(
        () -> {
          artifacts.destination().completeMultipartUpload(target, req.uploadId(), parts);
          return null;
        });
  }

  public void abortMultipart(String dir, AbortMultipartUpload req) {
    String target = target(dir, req.path());
    multipart(
        () -> {
          artifacts.destination().abortMultipartUpload(target, req.uploadId());
          return null;
        });
  }

  private static <T> T multipart(ArtifactService.IoAction<T> action) {
    try {
      return ArtifactService.io(action);
    } catch (UnsupportedOperationException e) {
      throw new CairnException(
          ErrorCode.NOT_IMPLEMENTED,
          "Multipart upload is not supported for the current artifact repository");
    }
  }

  /** Only the base name of the client's {@code path} matters (it sends its local file path). */
  private static String target(String dir, String path) {
    if (path == null || path.isBlank()) {
      throw CairnException.invalid("Missing value for required parameter 'path'.");
    }
    String name = path.substring(Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')) + 1);
    return ArtifactPaths.join(ArtifactPaths.relative(dir), ArtifactPaths.relative(name));
  }

  private static String nonEmpty(String rawPath) {
    String path = ArtifactPaths.relative(rawPath);
    if (path.isEmpty()) {
      throw ArtifactPaths.invalidPath();
    }
    return path;
  }
}
