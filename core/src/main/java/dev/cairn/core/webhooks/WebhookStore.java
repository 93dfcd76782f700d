package dev.cairn.core.webhooks;

import dev.cairn.api.webhooks.Webhook;
import dev.cairn.core.tracking.Page;
import java.util.List;

/**
 * Persistent webhooks ({@code webhooks}, {@code webhook_events}). Deleted webhooks (a set {@code
 * deleted_timestamp}) are invisible: RESOURCE_DOES_NOT EXIST {@code Webhook with ID <id> not
 * found.}. Atomic, thread-safe.
 */
public interface WebhookStore {

  /** A webhook with its encrypted secret (null when none). */
  record Stored(Webhook webhook, String encryptedSecret) {}

  void create(Stored webhook);

  Stored get(String webhookId);

  /** Newest first. */
  Page<Webhook> list(int offset, int maxResults);

  /** Replaces the row (and its events) with {@code webhook}. */
  void update(Stored webhook);

  void delete(String webhookId, long now);

  /** Active webhooks subscribed to the event (lower-case entity and action, as stored). */
  List<Stored> subscribers(String entity, String action);
}
