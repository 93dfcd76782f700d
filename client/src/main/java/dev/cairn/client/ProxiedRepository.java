package dev.cairn.client;

import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.cairn.api.artifacts.ArtifactMessages.FileInfo;
import dev.cairn.api.artifacts.ArtifactMessages.ProxyListArtifactsResponse;
import dev.cairn.client.http.HttpTransport;
import dev.cairn.client.http.HttpTransport.Retry;
import dev.cairn.core.artifacts.ArtifactEntry;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** An {@code mlflow-artifacts:} root, reached through the server's proxied artifact API. */
final class ProxiedRepository implements ArtifactRepository {
  private static final String FILES = "/api/2.0/mlflow-artifacts/artifacts";
  private final HttpTransport http;
  private final JsonMapper json;
  private final String root;

  ProxiedRepository(HttpTransport http, JsonMapper json, String artifactUri) {
    this.http = http;
    this.json = json;
    String path = URI.create(artifactUri).getPath();
    this.root = path == null ? "" : strip(path);
  }

  static boolean serves(String artifactUri) {
    return artifactUri.startsWith("mlflow-artifacts:");
  }

  @Override
  public void upload(Path file, String path) {
    http.upload(FILES + "/" + segments(join(root, path)), file);
  }

  @Override
  public List<ArtifactEntry> list(String dir) {
    String full = join(root, dir);
    byte[] body =
        http.json("GET", FILES + "?path=" + EndpointCall.encode(full), null, Retry.IDEMPOTENT)
            .body();
    List<ArtifactEntry> entries = new ArrayList<>();
    try {
      ProxyListArtifactsResponse listing = json.readValue(body, ProxyListArtifactsResponse.class);
      if (listing.files() == null) {
        return entries;
      }
      for (FileInfo f : listing.files()) {
        String rel = join(strip(dir), f.path());
        entries.add(new ArtifactEntry(rel, f.isDir(), f.fileSize()));
      }
    } catch (IOException e) {
      throw new TrackingException("Unreadable artifact listing of '" + full + "'", e);
    }
    return entries;
  }

  @Override
  public void download(String path, Path target) {
    http.download(FILES + "/" + segments(join(root, path)), target);
  }

  static String join(String a, String b) {
    a = a == null ? "" : strip(a);
    b = b == null ? "" : strip(b);
    return a.isEmpty() ? b : b.isEmpty() ? a : a + "/" + b;
  }

  private static String strip(String p) {
    int s = 0;
    int e = p.length();
    while (s < e && p.charAt(s) == '/') s++;
    while (e > s && p.charAt(e - 1) == '/') e--;
    return p.substring(s, e);
  }

  private static String segments(String path) {
    StringBuilder out = new StringBuilder();
    for (String seg : path.split("/")) {
      if (!out.isEmpty()) out.append('/');
      out.append(EndpointCall.encode(seg));
    }
    return out.toString();
  }
}
