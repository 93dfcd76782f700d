package dev.cairn.client;

import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.cairn.api.registry.ModelVersion;
import dev.cairn.client.http.HttpTransport;
import dev.cairn.core.artifacts.ArtifactEntry;
import dev.cairn.core.artifacts.ArtifactStores;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * Artifacts of runs and logged models: uploaded through the server's proxy when the root is {@code
 * mlflow-artifacts:}, or written directly to the store for {@code s3://} and local roots (as
 * MLflow's client does); {@code runs:/}, {@code models:/name/3}, {@code models:/name@alias} and
 * {@code models:/m-...} resolved and downloaded.
 *
 * <p>Uploads are streamed from disk, one request per file. The proxy's multipart API is not used:
 * Cairn streams a single PUT of any size to the store, and multipart only exists for S3-backed
 * proxies.
 */
public final class ArtifactCalls implements AutoCloseable {
  private final CairnClient client;
  private final HttpTransport http;
  private final JsonMapper json;
  private final Map<String, String> storageSettings;
  private final Map<String, String> runRoots = new ConcurrentHashMap<>();
  private ArtifactStores stores;

  ArtifactCalls(
      CairnClient client, HttpTransport http, JsonMapper json, Map<String, String> settings) {
    this.client = client;
    this.http = http;
    this.json = json;
    this.storageSettings = Map.copyOf(settings);
  }

  /** The artifact root URI of a run (remembered: it never changes). */
  public String runRoot(String runId) {
    return runRoots.computeIfAbsent(runId, id -> client.getRun(id).info().artifactUri());
  }

  /**
   * Uploads a file, or a folder recursively, under {@code dir} of the run's artifacts ({@code null}
   * for the root). A folder's own name is not kept: its files land directly under {@code dir}, as
   * {@code mlflow.log_artifacts}; a file keeps its name, as {@code mlflow.log_artifact}.
   */
  public void uploadToRun(String runId, Path fileOrFolder, String dir) {
    upload(runRoot(runId), fileOrFolder, dir);
  }

  /** Uploads to any artifact root URI (a run's, a logged model's). */
  public void upload(String rootUri, Path fileOrFolder, String dir) {
    try (ArtifactRepository repo = repository(rootUri)) {
      if (Files.isDirectory(fileOrFolder)) {
        try (Stream<Path> files = Files.walk(fileOrFolder)) {
          for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
            String rel = fileOrFolder.relativize(f).toString().replace('\\', '/');
            repo.upload(f, ProxiedRepository.join(dir, rel));
          }
        }
      } else {
        repo.upload(
            fileOrFolder, ProxiedRepository.join(dir, fileOrFolder.getFileName().toString()));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The entries directly under {@code dir} of a run's artifacts, paths from the run's root. */
  public List<ArtifactEntry> listRun(String runId, String dir) {
    return list(runRoot(runId), dir);
  }

  public List<ArtifactEntry> list(String rootUri, String dir) {
    try (ArtifactRepository repo = repository(rootUri)) {
      return repo.list(dir == null ? "" : dir);
    }
  }

  /**
   * Downloads the file or folder {@code path} ({@code ""} for everything) of a root into {@code
   * target}: a folder's contents land directly in {@code target}, a file as {@code target/<name>}.
   *
   * @return the files written
   */
  public List<Path> download(String rootUri, String path, Path target) {
    List<Path> written = new ArrayList<>();
    try (ArtifactRepository repo = repository(rootUri)) {
      String p = path == null ? "" : path;
      List<ArtifactEntry> entries = p.isEmpty() ? repo.list("") : repo.list(p);
      // A file's listing is empty through the proxy but the file itself in a store's listing.
      boolean isFile =
          entries.isEmpty() || (entries.size() == 1 && entries.getFirst().path().equals(p));
      if (isFile && !p.isEmpty()) {
        Path file = target.resolve(p.substring(p.lastIndexOf('/') + 1));
        repo.download(p, file);
        written.add(file);
      } else {
        downloadTree(repo, p, entries, target, written);
      }
    }
    return written;
  }

  private static void downloadTree(
      ArtifactRepository repo,
      String base,
      List<ArtifactEntry> entries,
      Path target,
      List<Path> written) {
    for (ArtifactEntry e : entries) {
      String rel = base.isEmpty() ? e.path() : e.path().substring(base.length() + 1);
      if (e.isDir()) {
        downloadTree(repo, base, repo.list(e.path()), target, written);
      } else {
        Path file = target.resolve(rel);
        repo.download(e.path(), file);
        written.add(file);
      }
    }
  }

  /**
   * Downloads what {@code uri} names into {@code target}: {@code runs:/<id>/<path>}, {@code
   * models:/<name>/<version>}, {@code models:/<name>@<alias>}, {@code models:/<model-id>}, or an
   * artifact URI.
   */
  public List<Path> downloadUri(String uri, Path target) {
    if (uri.startsWith("runs:/")) {
      String rest = uri.substring("runs:/".length());
      int slash = rest.indexOf('/');
      String runId = slash < 0 ? rest : rest.substring(0, slash);
      String path = slash < 0 ? "" : rest.substring(slash + 1);
      return download(runRoot(runId), path, target);
    }
    if (uri.startsWith("models:/")) {
      return downloadUri(resolveModel(uri.substring("models:/".length())), target);
    }
    return download(uri, "", target);
  }

  /** The storage URI behind {@code models:/<rest>}. */
  private String resolveModel(String rest) {
    int at = rest.indexOf('@');
    int slash = rest.indexOf('/');
    if (at > 0) {
      ModelVersion v = client.getModelVersionByAlias(rest.substring(0, at), rest.substring(at + 1));
      return client.modelVersionDownloadUri(v.name(), v.version());
    }
    if (slash > 0) {
      return client.modelVersionDownloadUri(rest.substring(0, slash), rest.substring(slash + 1));
    }
    return client.getLoggedModel(rest).info().artifactUri();
  }

  private synchronized ArtifactRepository repository(String rootUri) {
    if (ProxiedRepository.serves(rootUri)) {
      return new ProxiedRepository(http, json, rootUri);
    }
    if (stores == null) {
      stores = new ArtifactStores(storageSettings);
    }
    return new StoreRepository(stores.open(rootUri));
  }

  @Override
  public synchronized void close() {
    if (stores != null) {
      stores.close();
    }
  }
}
