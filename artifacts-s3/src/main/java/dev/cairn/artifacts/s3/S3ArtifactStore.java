package dev.cairn.artifacts.s3;

import dev.cairn.core.artifacts.ArtifactEntry;
import dev.cairn.core.artifacts.ArtifactPaths;
import dev.cairn.core.artifacts.ArtifactStore;
import dev.cairn.core.artifacts.MultipartUpload;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.NoSuchFileException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CommonPrefix;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * Artifacts under {@code s3://bucket/prefix}. Writes stream through one fixed 16 MiB buffer: small
 * files in one PUT, larger ones as a multipart upload that is aborted on failure, so an interrupted
 * upload never appears under its key.
 */
final class S3ArtifactStore implements ArtifactStore {
  static final int PART_BYTES = 16 * 1024 * 1024;
  private static final Duration PRESIGN_TTL = Duration.ofMinutes(15);

  private final S3Client s3;
  private final S3Presigner presigner;
  private final String bucket;
  private final String prefix;

  S3ArtifactStore(S3Client s3, S3Presigner presigner, String bucket, String prefix) {
    this.s3 = s3;
    this.presigner = presigner;
    this.bucket = bucket;
    this.prefix = prefix;
  }

  @Override
  public String rootUri() {
    return "s3://" + bucket + (prefix.isEmpty() ? "" : "/" + prefix);
  }

  private String key(String path) {
    return ArtifactPaths.join(prefix, path);
  }

  private String relative(String key) {
    return prefix.isEmpty() ? key : key.substring(prefix.length() + 1);
  }

  @Override
  public List<ArtifactEntry> list(String dir) throws IOException {
    String base = key(dir);
    String listPrefix = base.isEmpty() ? "" : base + "/";
    List<ArtifactEntry> out = new ArrayList<>();
    try {
      for (ListObjectsV2Response page :
          s3.listObjectsV2Paginator(
              ListObjectsV2Request.builder()
                  .bucket(bucket)
                  .prefix(listPrefix)
                  .delimiter("/")
                  .build())) {
        for (CommonPrefix p : page.commonPrefixes()) {
          out.add(ArtifactEntry.dir(relative(p.prefix().substring(0, p.prefix().length() - 1))));
        }
        for (S3Object o : page.contents()) {
          if (!o.key().equals(listPrefix)) {
            out.add(ArtifactEntry.file(relative(o.key()), o.size()));
          }
        }
      }
      if (out.isEmpty() && !dir.isEmpty()) {
        ArtifactEntry self = stat(dir);
        return self != null && !self.isDir() ? List.of(self) : List.of();
      }
    } catch (SdkException e) {
      throw io(e);
    }
    out.sort(Comparator.comparing(ArtifactEntry::path));
    return out;
  }

  @Override
  public ArtifactEntry stat(String path) throws IOException {
    if (path.isEmpty()) {
      return ArtifactEntry.dir("");
    }
    try {
      HeadObjectResponse head = s3.headObject(b -> b.bucket(bucket).key(key(path)));
      return ArtifactEntry.file(path, head.contentLength());
    } catch (NoSuchKeyException e) {
      // not a file: maybe a directory
    } catch (S3Exception e) {
      if (e.statusCode() != 404) {
        throw io(e);
      }
    } catch (SdkException e) {
      throw io(e);
    }
    try {
      ListObjectsV2Response r =
          s3.listObjectsV2(b -> b.bucket(bucket).prefix(key(path) + "/").maxKeys(1));
      return r.keyCount() != null && r.keyCount() > 0 ? ArtifactEntry.dir(path) : null;
    } catch (SdkException e) {
      throw io(e);
    }
  }

  @Override
  public InputStream read(String path, long offset) throws IOException {
    try {
      return s3.getObject(
          b -> {
            b.bucket(bucket).key(key(path));
            if (offset > 0) {
              b.range("bytes=" + offset + "-");
            }
          });
    } catch (NoSuchKeyException e) {
      throw new NoSuchFileException(path);
    } catch (SdkException e) {
      throw io(e);
    }
  }

  @Override
  public void write(String path, InputStream in, long length) throws IOException {
    String key = key(path);
    try {
      // The body is read into the buffer before any request: a client that goes away fails the
      // read here, and the SDK can retry a request whose bytes it holds.
      byte[] buffer = new byte[length >= 0 && length < PART_BYTES ? (int) length : PART_BYTES];
      int n = in.readNBytes(buffer, 0, buffer.length);
      if (length >= 0 && n < length && n < buffer.length) {
        throw new IOException("the body ended after " + n + " of " + length + " bytes");
      }
      if (n < buffer.length || length == buffer.length) {
        s3.putObject(
            b -> b.bucket(bucket).key(key),
            RequestBody.fromBytes(java.util.Arrays.copyOf(buffer, n)));
        return;
      }
      multipart(key, in, buffer, n);
    } catch (SdkException e) {
      throw io(e);
    }
  }

  /** A streamed multipart upload: the buffer holds one part at a time; failures abort it. */
  private void multipart(String key, InputStream in, byte[] buffer, int first) throws IOException {
    String uploadId = s3.createMultipartUpload(b -> b.bucket(bucket).key(key)).uploadId();
    List<CompletedPart> parts = new ArrayList<>();
    try {
      int n = first;
      for (int part = 1; n > 0; part++) {
        int number = part;
        int size = n;
        String etag =
            s3.uploadPart(
                    b ->
                        b.bucket(bucket)
                            .key(key)
                            .uploadId(uploadId)
                            .partNumber(number)
                            .contentLength((long) size),
                    RequestBody.fromInputStream(
                        new java.io.ByteArrayInputStream(buffer, 0, size), size))
                .eTag();
        parts.add(CompletedPart.builder().partNumber(number).eTag(etag).build());
        n = in.readNBytes(buffer, 0, buffer.length);
      }
      s3.completeMultipartUpload(
          b -> b.bucket(bucket).key(key).uploadId(uploadId).multipartUpload(m -> m.parts(parts)));
    } catch (IOException | RuntimeException e) {
      try {
        s3.abortMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(uploadId));
      } catch (SdkException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw e;
    }
  }

  @Override
  public void delete(String path) throws IOException {
    String key = key(path);
    try {
      if (!key.isEmpty()) {
        s3.deleteObject(b -> b.bucket(bucket).key(key));
      }
      List<ObjectIdentifier> batch = new ArrayList<>();
      for (ListObjectsV2Response page :
          s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(key.isEmpty() ? "" : key + "/"))) {
        for (S3Object o : page.contents()) {
          batch.add(ObjectIdentifier.builder().key(o.key()).build());
          if (batch.size() == 1000) {
            deleteBatch(batch);
          }
        }
      }
      deleteBatch(batch);
    } catch (SdkException e) {
      throw io(e);
    }
  }

  private void deleteBatch(List<ObjectIdentifier> batch) {
    if (batch.isEmpty()) {
      return;
    }
    List<ObjectIdentifier> keys = List.copyOf(batch);
    s3.deleteObjects(b -> b.bucket(bucket).delete(d -> d.objects(keys)));
    batch.clear();
  }

  @Override
  public MultipartUpload createMultipartUpload(String path, int numParts) throws IOException {
    String key = key(path);
    try {
      String uploadId = s3.createMultipartUpload(b -> b.bucket(bucket).key(key)).uploadId();
      List<MultipartUpload.Credential> creds = new ArrayList<>();
      for (int part = 1; part <= numParts; part++) {
        int number = part;
        String url =
            presigner
                .presignUploadPart(
                    p ->
                        p.signatureDuration(PRESIGN_TTL)
                            .uploadPartRequest(
                                u ->
                                    u.bucket(bucket)
                                        .key(key)
                                        .uploadId(uploadId)
                                        .partNumber(number)))
                .url()
                .toString();
        creds.add(new MultipartUpload.Credential(url, number, Map.of()));
      }
      return new MultipartUpload(uploadId, creds);
    } catch (SdkException e) {
      throw io(e);
    }
  }

  @Override
  public void completeMultipartUpload(
      String path, String uploadId, List<MultipartUpload.Part> parts) throws IOException {
    List<CompletedPart> done =
        parts.stream()
            .sorted(Comparator.comparingInt(MultipartUpload.Part::partNumber))
            .map(p -> CompletedPart.builder().partNumber(p.partNumber()).eTag(p.etag()).build())
            .toList();
    try {
      s3.completeMultipartUpload(
          b ->
              b.bucket(bucket)
                  .key(key(path))
                  .uploadId(uploadId)
                  .multipartUpload(m -> m.parts(done)));
    } catch (SdkException e) {
      throw io(e);
    }
  }

  @Override
  public void abortMultipartUpload(String path, String uploadId) throws IOException {
    try {
      s3.abortMultipartUpload(b -> b.bucket(bucket).key(key(path)).uploadId(uploadId));
    } catch (SdkException e) {
      throw io(e);
    }
  }

  private static IOException io(SdkException e) {
    return new IOException("S3: " + e.getMessage(), e);
  }
}
