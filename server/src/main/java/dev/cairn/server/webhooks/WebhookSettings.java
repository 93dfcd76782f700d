package dev.cairn.server.webhooks;

import dev.cairn.core.webhooks.SecretCipher;
import dev.cairn.core.webhooks.WebhookUrls;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/** Webhook settings from MLflow's environment variables, with MLflow's defaults. */
public record WebhookSettings(WebhookUrls urls, int maxRetries, Duration timeout, String key) {

  public static WebhookSettings from(Map<String, String> env) {
    Set<String> schemes =
        Arrays.stream(env.getOrDefault("MLFLOW_WEBHOOK_ALLOWED_SCHEMES", "https").split(","))
            .map(String::strip)
            .filter(s -> !s.isEmpty())
            .collect(Collectors.toSet());
    boolean allowPrivate =
        Boolean.parseBoolean(env.getOrDefault("MLFLOW_WEBHOOK_ALLOW_PRIVATE_IPS", "false"));
    int retries = Integer.parseInt(env.getOrDefault("MLFLOW_WEBHOOK_REQUEST_MAX_RETRIES", "3"));
    Duration timeout =
        Duration.ofSeconds(
            Long.parseLong(env.getOrDefault("MLFLOW_WEBHOOK_REQUEST_TIMEOUT", "30")));
    String key = env.get("MLFLOW_WEBHOOK_SECRET_ENCRYPTION_KEY");
    return new WebhookSettings(new WebhookUrls(schemes, allowPrivate), retries, timeout, key);
  }

  /**
   * The cipher for stored secrets. Without a configured key MLflow makes a new one per process, so
   * secrets saved before a restart can no longer be read (an MLflow bug); Cairn keeps a generated
   * key in {@code ~/.cairn/webhook-secret.key} instead. Several servers sharing one database need
   * the same {@code MLFLOW_WEBHOOK_SECRET_ENCRYPTION_KEY}.
   */
  public SecretCipher cipher() {
    if (key != null && !key.isBlank()) {
      return new SecretCipher(key);
    }
    Path file = Path.of(System.getProperty("user.home"), ".cairn", "webhook-secret.key");
    try {
      if (!Files.exists(file)) {
        Files.createDirectories(file.getParent());
        Files.writeString(file, SecretCipher.newKey());
        try {
          Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException ignored) {
          // not a POSIX file system
        }
      }
      return new SecretCipher(Files.readString(file));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot keep the webhook secret key in " + file, e);
    }
  }
}
