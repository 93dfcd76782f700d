package dev.cairn.api.artifacts;

import java.util.List;

/**
 * Artifact listings: the tracking-side {@code artifacts/list} and the proxied artifact service's
 * JSON messages ({@code mlflow_artifacts.proto}).
 */
public final class ArtifactMessages {
  private ArtifactMessages() {}

  /** A file ({@code file_size} set) or a directory ({@code file_size} omitted). */
  public record FileInfo(String path, boolean isDir, Long fileSize) {}

  public record ListArtifacts(String runId, String runUuid, String path, String pageToken) {
    public String id() {
      return runId != null && !runId.isEmpty() ? runId : runUuid;
    }
  }

  /** {@code files[].path} are relative to the run's artifact root. */
  public record ListArtifactsResponse(String rootUri, List<FileInfo> files, String nextPageToken) {}

  /** The proxy's listing: {@code files[].path} are base names, no root. */
  public record ProxyListArtifacts(String path) {}

  public record ProxyListArtifactsResponse(List<FileInfo> files) {}

  public record CreateMultipartUpload(String path, Long numParts) {}

  public record MultipartUploadCredential(
      String url, Long partNumber, java.util.Map<String, String> headers) {}

  public record CreateMultipartUploadResponse(
      String uploadId, List<MultipartUploadCredential> credentials) {}

  public record MultipartUploadPart(Long partNumber, String etag, String url) {}

  public record CompleteMultipartUpload(
      String path, String uploadId, List<MultipartUploadPart> parts) {}

  public record AbortMultipartUpload(String path, String uploadId) {}
}
