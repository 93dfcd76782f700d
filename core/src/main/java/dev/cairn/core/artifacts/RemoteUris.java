package dev.cairn.core.artifacts;

import dev.cairn.core.CairnException;
import dev.cairn.core.net.IpAddresses;
import java.net.InetAddress;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What a URI naming a place on another system (an experiment's {@code artifact_location}, a model
 * version's {@code source}) may look like, checked when it is stored: clients and this server later
 * read and write there, so a URI that can never be served safely is refused up front instead of
 * being tried later. Stricter than MLflow, which stores any of these:
 *
 * <ul>
 *   <li>the scheme must be one of MLflow's artifact repositories ({@code gopher:}, {@code jar:},
 *       {@code data:} ... name none);
 *   <li>no user information before the host ({@code s3://bucket@evil.example/x} reads as a bucket
 *       but connects to {@code evil.example}), except where the scheme puts one there (Azure's
 *       {@code container@account}, FTP logins);
 *   <li>a host written as an IP address must be globally routable ({@code 169.254.169.254} is the
 *       cloud metadata service, {@code 127.0.0.1} the server itself);
 *   <li>an object-store bucket must be a bucket name (not an address, no port);
 *   <li>no {@code ..} segment, however encoded.
 * </ul>
 */
public final class RemoteUris {
  private static final Set<String> SCHEMES =
      Set.of(
          "s3",
          "s3a",
          "s3n",
          "r2",
          "b2",
          "gs",
          "wasbs",
          "abfss",
          "ftp",
          "sftp",
          "dbfs",
          "hdfs",
          "viewfs",
          "runs",
          "models",
          "http",
          "https",
          "mlflow-artifacts");

  /** Schemes whose authority carries a user by design: Azure's container@account, FTP logins. */
  private static final Set<String> CREDENTIAL_SCHEMES = Set.of("wasbs", "abfss", "ftp", "sftp");

  private static final Set<String> BUCKET_SCHEMES = Set.of("s3", "s3a", "s3n", "r2", "b2", "gs");
  private static final Pattern BUCKET =
      Pattern.compile("[A-Za-z0-9]([A-Za-z0-9._-]{0,220}[A-Za-z0-9])?");

  private RemoteUris() {}

  /**
   * Checks a URI with a scheme that is not a local path.
   *
   * @param what names the value in the message, e.g. {@code 'artifact_location'}
   * @throws CairnException INVALID_PARAMETER_VALUE naming the rule broken
   */
  public static void check(String uri, String what) {
    int colon = uri.indexOf(':');
    String scheme = uri.substring(0, Math.max(colon, 0)).toLowerCase(Locale.ROOT);
    if (!SCHEMES.contains(scheme)) {
      throw CairnException.invalid(
          "Invalid %s '%s': '%s' is not an artifact store scheme this server can use.",
          what, uri, scheme);
    }
    String decoded = ArtifactPaths.decodeFully(uri);
    for (String segment : decoded.replace('\\', '/').split("/")) {
      if (segment.equals("..")) {
        throw CairnException.invalid(
            "Invalid %s '%s': relative path references ('..') are not allowed.", what, uri);
      }
    }
    String rest = decoded.substring(colon + 1);
    if (!rest.startsWith("//")) {
      return;
    }
    int end = rest.indexOf('/', 2);
    String authority = end < 0 ? rest.substring(2) : rest.substring(2, end);
    if (authority.contains("@") && !CREDENTIAL_SCHEMES.contains(scheme)) {
      throw CairnException.invalid(
          "Invalid %s '%s': user information before the host is not allowed.", what, uri);
    }
    String host = hostOf(authority);
    InetAddress ip = IpAddresses.literal(host);
    if (ip != null && !IpAddresses.isGlobal(ip)) {
      throw CairnException.invalid(
          "Invalid %s '%s': the host %s is not a public address.", what, uri, host);
    }
    if (BUCKET_SCHEMES.contains(scheme)
        && (!BUCKET.matcher(authority).matches() || ip != null || host.matches("[0-9.]+"))) {
      throw CairnException.invalid(
          "Invalid %s '%s': '%s' is not a bucket name.", what, uri, authority);
    }
  }

  private static String hostOf(String authority) {
    if (authority.startsWith("[")) {
      int close = authority.indexOf(']');
      return close < 0 ? authority : authority.substring(0, close + 1);
    }
    int colon = authority.lastIndexOf(':');
    return colon < 0 ? authority : authority.substring(0, colon);
  }
}
