package dev.cairn.core.webhooks;

import dev.cairn.core.CairnException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Set;

/**
 * Which receiver URLs are allowed, as MLflow decides it: schemes from {@code
 * MLFLOW_WEBHOOK_ALLOWED_SCHEMES} (default https only), and hosts that resolve only to public
 * addresses unless {@code MLFLOW_WEBHOOK_ALLOW_PRIVATE_IPS} is true (server-side request forgery).
 */
public record WebhookUrls(Set<String> schemes, boolean allowPrivate) {

  public String check(String url) {
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
    if (!allowPrivate) {
      try {
        for (InetAddress a : InetAddress.getAllByName(uri.getHost())) {
          if (a.isLoopbackAddress()
              || a.isSiteLocalAddress()
              || a.isLinkLocalAddress()
              || a.isAnyLocalAddress()
              || a.isMulticastAddress()
              || (a.getAddress().length == 16 && (a.getAddress()[0] & 0xfe) == 0xfc)) {
            throw CairnException.invalid(
                "Webhook URL host '%s' resolves to a non-public address.", uri.getHost());
          }
        }
      } catch (UnknownHostException e) {
        throw CairnException.invalid("Webhook URL host '%s' cannot be resolved.", uri.getHost());
      }
    }
    return url.strip();
  }
}
