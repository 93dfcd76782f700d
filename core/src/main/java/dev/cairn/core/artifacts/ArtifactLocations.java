package dev.cairn.core.artifacts;

import dev.cairn.core.CairnException;
import java.net.URI;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Which experiment {@code artifact_location}s this server accepts. MLflow's own rules (no {@code
 * runs:}, no fragment or {@code ;params}, no {@code ..} hidden in a query) plus two it lacks
 * (security-and-durability.md §1.5 B): a local location must lie inside the server's local artifact
 * root or proxy destination (the server lists and serves those files), and an http(s) location must
 * name the host of the server's own http(s) root, so the server is never made to fetch from
 * elsewhere (SSRF, GHSA-mr9f-g8qf-4w4j). Cloud schemes ({@code s3:}, {@code gs:}, ...) and {@code
 * mlflow-artifacts:} are accepted as MLflow does, within {@link RemoteUris}'s rules (known schemes,
 * no user information, no private address, real bucket names, no {@code ..}).
 *
 * @param defaultRoot the server's default artifact root (a local path or a URI)
 * @param destination the proxy's destination, or null when not proxying
 */
public record ArtifactLocations(String defaultRoot, String destination) {

  public void check(String location) {
    if (location.startsWith("runs:")) {
      throw CairnException.invalid(
          "Artifact location cannot be a runs:/ URI. Given: '%s'", location);
    }
    String decoded = ArtifactPaths.decodeFully(location);
    if (location.contains("#")
        || decoded.contains("#")
        || (hasScheme(location) && decoded.contains(";"))) {
      throw CairnException.invalid(
          "'artifact_location' URL can't include fragments or params. Given: '%s'", location);
    }
    int query = decoded.indexOf('?');
    if (query >= 0 && decoded.substring(query).contains("..")) {
      throw CairnException.invalid("Invalid query string in 'artifact_location': '%s'", location);
    }
    if (location.contains("?")) {
      throw CairnException.invalid(
          "'artifact_location' URL can't include fragments or params. Given: '%s'", location);
    }
    if (ArtifactStores.isLocal(location)) {
      checkLocal(location, decoded);
      return;
    }
    RemoteUris.check(location, "'artifact_location'");
    String scheme = location.substring(0, location.indexOf(':')).toLowerCase(Locale.ROOT);
    if (scheme.equals("mlflow-artifacts")
        && location.startsWith("mlflow-artifacts://")
        && !sameAuthority(location, defaultRoot)) {
      // Stricter than MLflow: clients send a proxied location's files to the host it names.
      throw CairnException.invalid(
          "A proxied 'artifact_location' must not name another server: use mlflow-artifacts:/path."
              + " Given: '%s'",
          location);
    }
    if (scheme.equals("http") || scheme.equals("https") || scheme.equals("ftp")) {
      String host = host(location);
      boolean sameHost =
          !ArtifactStores.isLocal(defaultRoot)
              && defaultRoot.toLowerCase(Locale.ROOT).startsWith(scheme + ":")
              && host != null
              && host.equalsIgnoreCase(host(defaultRoot));
      if (!sameHost) {
        throw CairnException.invalid(
            "'artifact_location' %s is on a host this server does not store artifacts on.",
            location);
      }
    }
  }

  private void checkLocal(String location, String decoded) {
    for (String part : decoded.replace('\\', '/').split("/")) {
      if (part.equals("..")) {
        throw CairnException.invalid("Invalid 'artifact_location': '%s'", location);
      }
    }
    Path path;
    try {
      path = ArtifactStores.localPath(location).toAbsolutePath().normalize();
    } catch (RuntimeException e) {
      throw CairnException.invalid("Invalid 'artifact_location': '%s'", location);
    }
    if (!within(path, defaultRoot) && !within(path, destination)) {
      throw CairnException.invalid(
          "A local 'artifact_location' must be inside this server's artifact root (%s). Given: '%s'",
          ArtifactStores.isLocal(defaultRoot) ? defaultRoot : destination, location);
    }
  }

  private static boolean within(Path path, String root) {
    if (root == null || !ArtifactStores.isLocal(root)) {
      return false;
    }
    return path.startsWith(ArtifactStores.localPath(root).toAbsolutePath().normalize());
  }

  private static boolean sameAuthority(String a, String b) {
    if (b == null || ArtifactStores.isLocal(b)) {
      return false;
    }
    try {
      URI x = URI.create(a);
      URI y = URI.create(b);
      return x.getScheme().equalsIgnoreCase(y.getScheme())
          && x.getRawAuthority() != null
          && x.getRawAuthority().equalsIgnoreCase(y.getRawAuthority());
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private static boolean hasScheme(String uri) {
    return !ArtifactStores.isLocal(uri);
  }

  private static String host(String uri) {
    try {
      return URI.create(uri).getHost();
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
