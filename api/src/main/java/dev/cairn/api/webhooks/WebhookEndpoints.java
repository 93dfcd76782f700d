package dev.cairn.api.webhooks;

import static dev.cairn.api.Endpoint.delete;
import static dev.cairn.api.Endpoint.get;
import static dev.cairn.api.Endpoint.patch;
import static dev.cairn.api.Endpoint.post;

import dev.cairn.api.Empty;
import dev.cairn.api.Endpoint;
import dev.cairn.api.webhooks.WebhookMessages.*;

/** MLflow 3's webhook routes. */
public final class WebhookEndpoints {
  private WebhookEndpoints() {}

  private static final String W = "/mlflow/webhooks";

  public static final Endpoint<CreateWebhook, WebhookResponse> CREATE =
      post(W, CreateWebhook.class, WebhookResponse.class);
  public static final Endpoint<ListWebhooks, ListWebhooksResponse> LIST =
      get(W, ListWebhooks.class, ListWebhooksResponse.class);
  public static final Endpoint<GetWebhook, WebhookResponse> GET =
      get(W + "/{webhook_id}", GetWebhook.class, WebhookResponse.class);
  public static final Endpoint<UpdateWebhook, WebhookResponse> UPDATE =
      patch(W + "/{webhook_id}", UpdateWebhook.class, WebhookResponse.class);
  public static final Endpoint<DeleteWebhook, Empty> DELETE =
      delete(W + "/{webhook_id}", DeleteWebhook.class, Empty.class);
  public static final Endpoint<TestWebhook, TestWebhookResponse> TEST =
      post(W + "/{webhook_id}/test", TestWebhook.class, TestWebhookResponse.class);
}
