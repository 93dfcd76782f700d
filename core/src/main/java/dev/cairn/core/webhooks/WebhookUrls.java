package dev.cairn.core.webhooks;

import dev.cairn.core.CairnException;
import dev.cairn.core.net.IpAddresses;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Which receiver URLs are allowed, as MLflow decides it: schemes from {@code
 * MLFLOW_WEBHOOK_ALLOWED_SCHEMES} (default https only), and hosts whose every address is globally
 * routable unless {@code MLFLOW_WEBHOOK_ALLOW_PRIVATE_IPS} is true (server-side request forgery).
 * "Globally routable" is {@link IpAddresses#isGlobal}: besides private and loopback ranges it
 * refuses shared (100.64/10, where cloud metadata services live), reserved, benchmarking and
 * broadcast addresses and IPv6 forms that carry such an IPv4 address (mapped, NAT64, 6to4).
 * Delivery connects to the addresses checked here ({@link #resolve}), never to a second lookup of
 * the name, so a name that changes its answer between check and connect (DNS rebinding) gains
 * nothing.
 */
public record WebhookUrls(Set<String> schemes, boolean allowPrivate) {

  /** A checked receiver: its URL and the addresses to connect to, in the resolver's order. */
  public record Target(URI uri, List<InetAddress> addresses) {}

  /**
   * Checks a URL to be stored.
   *
   * @throws CairnException INVALID_PARAMETER_VALUE with MLflow's messages
   */
  public String check(String url) {
    if (allowPrivate) {
      parse(url); // any address will do: the name is looked up at delivery
    } else {
      resolve(url);
    }
    return url.strip();
  }

  /**
   * Checks a URL and resolves its host once, for delivery.
   *
   * @throws CairnException INVALID_PARAMETER_VALUE when the URL or an address is not allowed
   */
  public Target resolve(String url) {
    URI uri = parse(url);
    String host = uri.getHost();
    List<InetAddress> addresses;
    try {
      addresses = List.of(InetAddress.getAllByName(host));
    } catch (UnknownHostException e) {
      throw CairnException.invalid("Cannot resolve Webhook URL hostname '%s'.", host);
    }
    if (!allowPrivate) {
      for (InetAddress a : addresses) {
        if (!IpAddresses.isGlobal(a)) {
          throw CairnException.invalid(
              "Webhook URL must not resolve to a non-public IP address. '%s' resolves to %s.",
              host, a.getHostAddress());
        }
      }
    }
    return new Target(uri, addresses);
  }

  /** The URL's syntax, scheme, host and credentials, checked without looking anything up. */
  private URI parse(String url) {
    URI uri;
    try {
      uri = URI.create(url.strip());
    } catch (IllegalArgumentException e) {
      throw CairnException.invalid("Invalid webhook URL '%s'.", url);
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!schemes.contains(scheme)) {
      throw CairnException.invalid(
          "Invalid webhook URL scheme: '%s'. Allowed schemes are: %s.",
          scheme, String.join(", ", schemes));
    }
    if (uri.getHost() == null) {
      throw CairnException.invalid("Webhook URL must include a hostname: '%s'", url);
    }
    if (uri.getRawUserInfo() != null) {
      throw CairnException.invalid("Webhook URL must not include embedded credentials: '%s'", url);
    }
    String host = uri.getHost();
    boolean numeric =
        host.indexOf(':') >= 0 || host.replace(".", "").chars().allMatch(Character::isDigit);
    if (numeric && IpAddresses.literal(host) == null) {
      // Legacy spellings such as 127.1 or 0177.0.0.1 mean different addresses to different parsers.
      throw CairnException.invalid(
          "Webhook URL host '%s' is not a canonical IP address literal.", host);
    }
    return uri;
  }
}
