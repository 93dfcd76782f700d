package dev.cairn.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.api.ErrorCode;
import dev.cairn.api.artifacts.ArtifactMessages.FileInfo;
import dev.cairn.api.artifacts.ArtifactMessages.ProxyListArtifactsResponse;
import dev.cairn.core.CairnException;
import dev.cairn.core.artifacts.ArtifactEntry;
import dev.cairn.core.artifacts.ArtifactPaths;
import dev.cairn.core.artifacts.ArtifactService;
import dev.cairn.core.artifacts.ArtifactService.Located;
import dev.cairn.core.artifacts.ArtifactStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The streamed artifact routes: MLflow's proxied artifact service ({@code
 * /api/2.0/mlflow-artifacts/...}), the UI's {@code /get-artifact} and {@code upload-artifact}.
 * Bodies go through a fixed buffer in both directions, so memory does not grow with file size.
 */
public final class ArtifactHttp {
  private static final Pattern PROXY =
      Pattern.compile(
          "^/(?:api|ajax-api)/2\\.0/mlflow-artifacts/(artifacts|mpu/create|mpu/complete|mpu/abort|presigned)(?:/(.*))?$");
  private static final Pattern MODEL_FILE =
      Pattern.compile("^/(?:api|ajax-api)/2\\.0/mlflow/logged-models/([^/]+)/artifacts/files$");
  private static final Pattern UPLOAD =
      Pattern.compile("^/(?:api|ajax-api)/2\\.0/mlflow/upload-artifact$");
  static final int BUFFER_BYTES = 256 * 1024;
  private static final long MAX_UI_UPLOAD_BYTES = 10L * 1024 * 1024;

  private final ArtifactService artifacts;
  private final Function<String, String> loggedModelUri;
  private final BiFunction<String, String, String> versionUri;
  private final MultipartHttp multipart;
  private final ApiHandler api;
  private final ObjectMapper mapper;
  private final ArtifactZip zip;

  /**
   * @param loggedModelUri a logged model's artifact URI by model id
   * @param versionUri a model version's download URI by name and version
   */
  public ArtifactHttp(
      ArtifactService artifacts,
      Function<String, String> loggedModelUri,
      BiFunction<String, String, String> versionUri,
      ApiHandler api,
      ObjectMapper mapper) {
    this.artifacts = artifacts;
    this.zip = new ArtifactZip(artifacts);
    this.loggedModelUri = loggedModelUri;
    this.versionUri = versionUri;
    this.api = api;
    this.mapper = mapper;
    this.multipart = new MultipartHttp(mapper);
  }

  /** Whether {@code path} (without the static prefix) is one of the streamed routes. */
  public boolean handles(String path) {
    return PROXY.matcher(path).matches()
        || UPLOAD.matcher(path).matches()
        || MODEL_FILE.matcher(path).matches()
        || ArtifactZip.PATH.matcher(path).matches()
        || path.equals("/get-artifact")
        || path.equals("/model-versions/get-artifact");
  }

  public RawExchange.Answer handle(String path, RawExchange ex) {
    try {
      Matcher proxy = PROXY.matcher(path);
      if (proxy.matches()) {
        return proxy(proxy.group(1), proxy.group(2), ex);
      }
      if (path.equals("/get-artifact")) {
        return getArtifact(ex);
      }
      if (path.equals("/model-versions/get-artifact")) {
        return versionArtifact(ex);
      }
      if (ArtifactZip.PATH.matcher(path).matches()) {
        return ex.method().equals("GET") ? zip.answer(ex) : methodNotAllowed(ex);
      }
      Matcher modelFile = MODEL_FILE.matcher(path);
      if (modelFile.matches()) {
        return loggedModelFile(modelFile.group(1), ex);
      }
      return uploadArtifact(ex);
    } catch (Exception | StackOverflowError e) {
      drainQuietly(ex);
      return error(ApiError.from(e));
    }
  }

  /** At most this much of a refused request's body is read and dropped before the error answer. */
  private static final long DRAIN_LIMIT = 64L << 20;

  /**
   * Reads what is left of a refused upload's body (up to {@link #DRAIN_LIMIT}) so that the client,
   * still sending it, gets the error answer instead of a connection reset.
   */
  private static void drainQuietly(RawExchange ex) {
    try {
      InputStream body = ex.body();
      byte[] sink = new byte[64 * 1024];
      long left = DRAIN_LIMIT;
      int n;
      while (left > 0 && (n = body.read(sink, 0, (int) Math.min(sink.length, left))) >= 0) {
        left -= n;
      }
    } catch (IOException | RuntimeException ignored) {
      // the connection is gone or the body unreadable: nothing more to do for it
    }
  }

  private RawExchange.Answer proxy(String action, String rawPath, RawExchange ex)
      throws IOException {
    ArtifactStore store;
    try {
      store = artifacts.destination();
    } catch (CairnException e) {
      String text =
          "Endpoint: /api/2.0/mlflow-artifacts/"
              + action
              + " disabled due to the mlflow server running with `--no-serve-artifacts`. To"
              + " enable artifacts server functionality, run `mlflow server` with"
              + " `--serve-artifacts`";
      return text(503, text);
    }
    if (!action.equals("artifacts")) {
      return multipart.handle(action, store, ArtifactPaths.relative(rawPath), ex);
    }
    if (rawPath == null) {
      return !ex.method().equals("GET")
          ? methodNotAllowed(ex)
          : listProxy(store, RawExchange.first(ex.query(), "path"));
    }
    String path = ArtifactPaths.relative(rawPath);
    return switch (ex.method()) {
      case "GET" -> download(new Located(store, path), ex);
      case "PUT" -> upload(store, path, ex.body(), ex.contentLength());
      case "DELETE" -> delete(store, path);
      default -> methodNotAllowed(ex);
    };
  }

  private RawExchange.Answer listProxy(ArtifactStore store, String rawPath) throws IOException {
    String path = ArtifactPaths.relative(rawPath);
    var files =
        ArtifactService.io(() -> store.list(path)).stream()
            // A file lists as nothing, as MLflow's local repository does: the client decides
            // "directory or file" by whether the listing is empty.
            .filter(e -> !e.path().equals(path))
            .map(e -> new FileInfo(e.name(), e.isDir(), e.size()))
            .toList();
    return json(new ProxyListArtifactsResponse(files));
  }

  private RawExchange.Answer upload(ArtifactStore store, String path, InputStream in, long length)
      throws IOException {
    if (path.isEmpty()) {
      throw ArtifactPaths.invalidPath();
    }
    ArtifactEntry existing = ArtifactService.io(() -> store.stat(path));
    if (existing != null && existing.isDir()) {
      throw CairnException.invalid("Artifact path '%s' is a directory.", path);
    }
    ArtifactService.io(
        () -> {
          store.write(path, in, length);
          return null;
        });
    return json(Map.of());
  }

  private RawExchange.Answer delete(ArtifactStore store, String path) {
    if (path.isEmpty()) {
      throw ArtifactPaths.invalidPath();
    }
    ArtifactService.io(
        () -> {
          store.delete(path);
          return null;
        });
    return json(Map.of());
  }

  private RawExchange.Answer getArtifact(RawExchange ex) throws IOException {
    if (!ex.method().equals("GET")) {
      return methodNotAllowed(ex);
    }
    String runId = RawExchange.first(ex.query(), "run_id");
    if (runId == null) {
      runId = RawExchange.first(ex.query(), "run_uuid");
    }
    return download(artifacts.runArtifact(runId, RawExchange.first(ex.query(), "path")), ex);
  }

  /** The UI's download of a file of a registered model version. */
  private RawExchange.Answer versionArtifact(RawExchange ex) {
    if (!ex.method().equals("GET")) {
      return methodNotAllowed(ex);
    }
    Map<String, java.util.List<String>> q = ex.query();
    String uri = versionUri.apply(RawExchange.first(q, "name"), RawExchange.first(q, "version"));
    return download(artifacts.locate(uri, RawExchange.first(q, "path")), ex);
  }

  /** The UI's download of one file of a logged model. */
  private RawExchange.Answer loggedModelFile(String modelId, RawExchange ex) {
    if (!ex.method().equals("GET")) {
      return methodNotAllowed(ex);
    }
    String file = RawExchange.first(ex.query(), "artifact_file_path");
    if (file == null || file.isEmpty()) {
      throw CairnException.badRequest("Request must specify artifact_file_path.");
    }
    return download(artifacts.locate(loggedModelUri.apply(modelId), file), ex);
  }

  private RawExchange.Answer uploadArtifact(RawExchange ex) throws IOException {
    if (!ex.method().equals("POST")) {
      return methodNotAllowed(ex);
    }
    String runId = RawExchange.first(ex.query(), "run_uuid");
    if (runId == null) {
      runId = RawExchange.first(ex.query(), "run_id");
    }
    String path = RawExchange.first(ex.query(), "path");
    if (path == null || path.isEmpty()) {
      throw CairnException.badRequest("Request must specify path.");
    }
    long length = ex.contentLength();
    if (length == 0) {
      throw CairnException.badRequest("Request must specify data.");
    }
    if (length > MAX_UI_UPLOAD_BYTES) {
      throw CairnException.badRequest("Artifact size is too large. Max size is 10MB.");
    }
    artifacts.uploadRunArtifact(
        runId, path, new LimitedInputStream(ex.body(), MAX_UI_UPLOAD_BYTES), length);
    return json(Map.of());
  }

  /** Streams a file, honouring a single {@code Range}. */
  RawExchange.Answer download(Located file, RawExchange ex) {
    ArtifactStore store = file.store();
    ArtifactEntry entry = ArtifactService.io(() -> store.stat(file.path()));
    if (entry == null || entry.isDir()) {
      throw CairnException.notFound("Artifact '%s' not found.", file.path());
    }
    long size = entry.size();
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Content-Type", ContentTypes.forDownload(entry.name()));
    headers.put("Content-Disposition", "attachment; filename=\"" + asciiName(entry.name()) + "\"");
    headers.put("X-Content-Type-Options", "nosniff");
    headers.put("Accept-Ranges", "bytes");
    ByteRange range;
    try {
      range = ByteRange.parse(ex.header("Range"), size);
    } catch (IllegalArgumentException e) {
      headers.put("Content-Range", "bytes */" + size);
      headers.put("Content-Length", "0");
      return new RawExchange.Answer(416, headers, out -> {});
    }
    long start = range == null ? 0 : range.start();
    long length = range == null ? size : range.length();
    InputStream in = ArtifactService.io(() -> store.read(file.path(), start));
    headers.put("Content-Length", Long.toString(length));
    if (range != null) {
      headers.put("Content-Range", range.contentRange(size));
    }
    return new RawExchange.Answer(range == null ? 200 : 206, headers, out -> copy(in, out, length));
  }

  /** Copies exactly {@code length} bytes through one fixed buffer, then closes the input. */
  static void copy(InputStream in, OutputStream out, long length) throws IOException {
    try (in) {
      byte[] buffer = new byte[BUFFER_BYTES];
      long left = length;
      while (left > 0) {
        int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
        if (n < 0) {
          throw new IOException("the artifact ended early");
        }
        out.write(buffer, 0, n);
        left -= n;
      }
    }
  }

  private static String asciiName(String name) {
    return name.replaceAll("[^\\x20-\\x7e]|\"|\\\\", "_");
  }

  private RawExchange.Answer methodNotAllowed(RawExchange ex) {
    return error(
        new ApiError(
            405, ErrorCode.BAD_REQUEST.name(), "Method " + ex.method() + " is not allowed here."));
  }

  RawExchange.Answer json(Object value) {
    try {
      byte[] body = mapper.writeValueAsBytes(value);
      return bytes(200, "application/json", body);
    } catch (IOException e) {
      return error(ApiError.from(e));
    }
  }

  RawExchange.Answer error(ApiError e) {
    ApiHandler.Answer a = api.error(e);
    return bytes(a.status(), a.contentType(), a.body());
  }

  private static RawExchange.Answer text(int status, String text) {
    return bytes(status, "text/plain; charset=utf-8", text.getBytes(StandardCharsets.UTF_8));
  }

  static RawExchange.Answer bytes(int status, String contentType, byte[] body) {
    return new RawExchange.Answer(
        status,
        Map.of("Content-Type", contentType, "Content-Length", Integer.toString(body.length)),
        out -> out.write(body));
  }
}
