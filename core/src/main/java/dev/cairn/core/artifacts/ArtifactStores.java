package dev.cairn.core.artifacts;

import dev.cairn.core.CairnException;
import java.net.URI;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;

/**
 * Opens an artifact store for any root URI: local paths and {@code file:} URIs here, other schemes
 * through the {@link ArtifactStoreProvider}s on the class path. Owns the providers.
 */
public final class ArtifactStores implements AutoCloseable {
  private final Map<String, ArtifactStoreProvider> byScheme = new HashMap<>();
  private final List<ArtifactStoreProvider> providers;

  public ArtifactStores(Map<String, String> settings) {
    this.providers =
        ServiceLoader.load(ArtifactStoreProvider.class).stream()
            .map(ServiceLoader.Provider::get)
            .toList();
    for (ArtifactStoreProvider p : providers) {
      p.configure(settings);
      p.schemes().forEach(s -> byScheme.put(s, p));
    }
  }

  /** Whether {@code uri} names a local directory (no scheme, a drive letter, or {@code file:}). */
  public static boolean isLocal(String uri) {
    String scheme = scheme(uri);
    return scheme == null || scheme.length() == 1 || scheme.equals("file");
  }

  /**
   * A store rooted at {@code uri}.
   *
   * @throws CairnException INVALID_PARAMETER_VALUE for a scheme no provider serves
   */
  public ArtifactStore open(String uri) {
    if (isLocal(uri)) {
      return new LocalArtifactStore(localPath(uri));
    }
    ArtifactStoreProvider provider = byScheme.get(scheme(uri));
    if (provider == null) {
      throw CairnException.invalid(
          "Artifact storage '%s' is not supported by this server (no store for scheme '%s').",
          uri, scheme(uri));
    }
    return provider.open(URI.create(uri));
  }

  /** The local path of a local artifact URI. */
  public static Path localPath(String uri) {
    if (uri.startsWith("file:")) {
      return Path.of(URI.create(uri.startsWith("file://") ? uri : "file://" + uri.substring(5)));
    }
    return Path.of(uri);
  }

  private static String scheme(String uri) {
    int colon = uri.indexOf(':');
    if (colon <= 0) {
      return null;
    }
    String scheme = uri.substring(0, colon);
    return scheme.chars().allMatch(c -> Character.isLetterOrDigit(c) || c == '+' || c == '-')
        ? scheme.toLowerCase(java.util.Locale.ROOT)
        : null;
  }

  @Override
  public void close() {
    providers.forEach(ArtifactStoreProvider::close);
  }
}
