package dev.cairn.core.artifacts;

import java.util.List;
import java.util.Map;

/** A started multipart upload: its id and one presigned URL per part. */
public record MultipartUpload(String uploadId, List<Credential> credentials) {
  /** Where and how the client sends one part. */
  public record Credential(String url, int partNumber, Map<String, String> headers) {}

  /** A part the client sent, with the ETag the store answered. */
  public record Part(int partNumber, String etag, String url) {}
}
