package dev.cairn.core.artifacts;

import dev.cairn.api.ErrorCode;
import dev.cairn.api.artifacts.ArtifactMessages.FileInfo;
import dev.cairn.api.artifacts.ArtifactMessages.ListArtifacts;
import dev.cairn.api.artifacts.ArtifactMessages.ListArtifactsResponse;
import dev.cairn.core.CairnException;
import dev.cairn.core.tracking.TrackingStore;
import dev.cairn.core.tracking.Validation;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.util.List;

/**
 * Artifacts of runs and logged models, wherever their artifact URI points: a {@code
 * mlflow-artifacts:} URI is served from the proxy's destination (when this server proxies), any
 * other URI from the store for its scheme. Paths from requests pass {@link ArtifactPaths} first.
 */
public final class ArtifactService {
  private static final String PROXY_SCHEME = "mlflow-artifacts:";
  private static final String PROXY_HTTP_MARKER = "/api/2.0/mlflow-artifacts/artifacts";

  private final TrackingStore tracking;
  private final ArtifactStores stores;
  private final ArtifactStore destination;

  /**
   * @param destination the proxied artifact root, or null when the server does not serve artifacts
   */
  public ArtifactService(TrackingStore tracking, ArtifactStores stores, ArtifactStore destination) {
    this.tracking = tracking;
    this.stores = stores;
    this.destination = destination;
  }

  /** A place in a store: the store and the relative path of the artifact root inside it. */
  public record Location(ArtifactStore store, String prefix) {
    public String path(String relative) {
      return ArtifactPaths.join(prefix, relative);
    }
  }

  /** One file or directory: its store and its path in that store. */
  public record Located(ArtifactStore store, String path) {}

  public ListArtifactsResponse listArtifacts(ListArtifacts req) {
    String runId = Validation.runId(req.id(), "run_id");
    String uri = tracking.getRun(runId).info().artifactUri();
    return new ListArtifactsResponse(uri, list(uri, req.path()), null);
  }

  /** One directory level under an artifact URI, with paths relative to that URI. */
  public List<FileInfo> list(String artifactUri, String rawPath) {
    String rel = ArtifactPaths.relative(rawPath);
    Location loc = locate(artifactUri);
    List<ArtifactEntry> entries = io(() -> loc.store().list(loc.path(rel)));
    int strip = loc.prefix().isEmpty() ? 0 : loc.prefix().length() + 1;
    return entries.stream()
        .filter(e -> !e.path().equals(loc.path(rel)))
        .map(e -> new FileInfo(e.path().substring(strip), e.isDir(), e.size()))
        .toList();
  }

  /** Where the run's artifact {@code rawPath} is. */
  public Located runArtifact(String runId, String rawPath) {
    String uri = tracking.getRun(Validation.runId(runId, "run_id")).info().artifactUri();
    return locate(uri, rawPath);
  }

  /** Every file under the folder {@code rawPath} of the run's artifacts (the UI's zip download). */
  public ArtifactFolder folder(String runId, String rawPath) {
    if (runId == null || runId.isEmpty()) {
      throw CairnException.invalid("Missing value for required parameter 'run_id'.");
    }
    return ArtifactFolder.of(runArtifact(runId, rawPath == null ? "" : rawPath), rawPath, runId);
  }

  /** Where {@code rawPath} under an artifact URI is. */
  public Located locate(String artifactUri, String rawPath) {
    String rel = ArtifactPaths.relative(rawPath);
    Location loc = locate(artifactUri);
    return new Located(loc.store(), loc.path(rel));
  }

  /** The largest file the UI's {@code upload-artifact} takes, as MLflow's server. */
  public static final long MAX_UI_UPLOAD_BYTES = 10L * 1024 * 1024;

  /**
   * Writes a file of the run's artifacts (the UI's {@code upload-artifact}), checking what MLflow
   * checks in its order: the run, the path, then the data and its size.
   *
   * @param length the declared length, or -1 when unknown (the stream then fails past the limit)
   */
  public void uploadRunArtifact(String runId, String rawPath, InputStream in, long length) {
    if (runId == null || runId.isEmpty()) {
      throw CairnException.invalid("Request must specify run_uuid.");
    }
    if (rawPath == null || rawPath.isEmpty()) {
      throw CairnException.invalid("Request must specify path.");
    }
    String rel = ArtifactPaths.relative(rawPath);
    if (rel.isEmpty()) {
      throw ArtifactPaths.invalidPath();
    }
    if (length > MAX_UI_UPLOAD_BYTES) {
      throw CairnException.invalid("Artifact size is too large. Max size is 10MB.");
    }
    if (length == 0) {
      throw CairnException.invalid("Request must specify data.");
    }
    String uri = tracking.getRun(Validation.runId(runId, "run_id")).info().artifactUri();
    Location loc = locate(uri);
    io(
        () -> {
          loc.store().write(loc.path(rel), new LimitedInputStream(in, MAX_UI_UPLOAD_BYTES), length);
          return null;
        });
  }

  /**
   * The file at {@code file}, for download.
   *
   * @throws CairnException RESOURCE_DOES_NOT_EXIST when nothing or a directory is there
   */
  public ArtifactFile open(Located file) {
    ArtifactEntry entry = io(() -> file.store().stat(file.path()));
    if (entry == null || entry.isDir()) {
      throw CairnException.notFound("Artifact '%s' not found.", file.path());
    }
    return new ArtifactFile(file.store(), file.path(), entry);
  }

  /** The proxy's destination store; 503 when this server does not proxy artifacts. */
  public ArtifactStore destination() {
    if (destination == null) {
      throw new CairnException(
          ErrorCode.TEMPORARILY_UNAVAILABLE,
          "This server runs with --no-serve-artifacts: artifacts are not proxied.");
    }
    return destination;
  }

  /**
   * Where an artifact URI lives. {@code mlflow-artifacts:/a/b}, {@code mlflow-artifacts://host/a/b}
   * and {@code http(s)://host/api/2.0/mlflow-artifacts/artifacts/a/b} are the proxy's {@code a/b}.
   */
  public Location locate(String artifactUri) {
    String proxied = proxiedPath(artifactUri);
    if (proxied != null) {
      return new Location(destination(), ArtifactPaths.relative(proxied));
    }
    return new Location(stores.open(artifactUri), "");
  }

  private static String proxiedPath(String uri) {
    if (uri.startsWith(PROXY_SCHEME)) {
      String rest = uri.substring(PROXY_SCHEME.length());
      if (rest.startsWith("//")) {
        int slash = rest.indexOf('/', 2);
        rest = slash < 0 ? "" : rest.substring(slash);
      }
      return strip(rest);
    }
    int marker = uri.indexOf(PROXY_HTTP_MARKER);
    if ((uri.startsWith("http://") || uri.startsWith("https://")) && marker >= 0) {
      return strip(uri.substring(marker + PROXY_HTTP_MARKER.length()));
    }
    return null;
  }

  private static String strip(String path) {
    int i = 0;
    while (i < path.length() && path.charAt(i) == '/') {
      i++;
    }
    return path.substring(i);
  }

  /** An I/O action whose failures become MLflow errors. */
  public interface IoAction<T> {
    T run() throws IOException;
  }

  public static <T> T io(IoAction<T> action) {
    try {
      return action.run();
    } catch (AccessDeniedException e) {
      throw ArtifactPaths.invalidPath();
    } catch (NoSuchFileException e) {
      throw CairnException.notFound("Artifact '%s' not found.", e.getFile());
    } catch (IOException e) {
      throw new CairnException(
          ErrorCode.INTERNAL_ERROR, "Artifact storage failed: " + e.getMessage(), e);
    } catch (UncheckedIOException e) {
      throw new CairnException(
          ErrorCode.INTERNAL_ERROR, "Artifact storage failed: " + e.getCause().getMessage(), e);
    }
  }
}
