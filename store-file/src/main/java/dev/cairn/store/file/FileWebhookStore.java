package dev.cairn.store.file;

import dev.cairn.api.ErrorCode;
import dev.cairn.api.webhooks.Webhook;
import dev.cairn.core.CairnException;
import dev.cairn.core.tracking.Page;
import dev.cairn.core.webhooks.WebhookStore;
import java.util.List;

/**
 * Webhooks on a file store: MLflow's file store has none (its registry store leaves them
 * unimplemented), so every webhook call answers NOT_IMPLEMENTED with what to use instead, and
 * registry events have no subscribers.
 */
public final class FileWebhookStore implements WebhookStore {

  private static CairnException unsupported() {
    return new CairnException(
        ErrorCode.NOT_IMPLEMENTED,
        "Webhooks are not supported by the file store backend; use a database backend such as"
            + " sqlite:///mlflow.db (cairn import --from file:<folder> --to sqlite:///mlflow.db"
            + " moves the data).");
  }

  @Override
  public void create(Stored webhook) {
    throw unsupported();
  }

  @Override
  public Stored get(String webhookId) {
    throw unsupported();
  }

  @Override
  public Page<Webhook> list(int offset, int maxResults) {
    throw unsupported();
  }

  @Override
  public void update(Stored webhook) {
    throw unsupported();
  }

  @Override
  public void delete(String webhookId, long now) {
    throw unsupported();
  }

  @Override
  public List<Stored> subscribers(String entity, String action) {
    return List.of();
  }
}
