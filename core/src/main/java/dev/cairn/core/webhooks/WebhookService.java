package dev.cairn.core.webhooks;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.api.Empty;
import dev.cairn.api.model.Tag;
import dev.cairn.api.registry.ModelVersion;
import dev.cairn.api.registry.RegisteredModel;
import dev.cairn.api.webhooks.Webhook;
import dev.cairn.api.webhooks.WebhookMessages.*;
import dev.cairn.core.CairnException;
import dev.cairn.core.registry.RegistryEvents;
import dev.cairn.core.tracking.Page;
import dev.cairn.core.tracking.PageTokens;
import dev.cairn.core.tracking.Validation;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * MLflow 3's registry webhooks: CRUD with MLflow's validation, and delivery of registry events to
 * the active subscribers (through {@link RegistryEvents}, after the registry call succeeded).
 */
public final class WebhookService implements RegistryEvents {
  private static final Logger LOG = LoggerFactory.getLogger(WebhookService.class);
  private static final Pattern NAME = Pattern.compile("^[A-Za-z0-9]([A-Za-z0-9._-]*[A-Za-z0-9])?$");
  static final Set<String> EVENTS =
      Set.of(
          "REGISTERED_MODEL.CREATED",
          "MODEL_VERSION.CREATED",
          "MODEL_VERSION_TAG.SET",
          "MODEL_VERSION_TAG.DELETED",
          "MODEL_VERSION_ALIAS.CREATED",
          "MODEL_VERSION_ALIAS.DELETED",
          "PROMPT.CREATED",
          "PROMPT_VERSION.CREATED",
          "PROMPT_TAG.SET",
          "PROMPT_TAG.DELETED",
          "PROMPT_VERSION_TAG.SET",
          "PROMPT_VERSION_TAG.DELETED",
          "PROMPT_ALIAS.CREATED",
          "PROMPT_ALIAS.DELETED",
          "BUDGET_POLICY.EXCEEDED");

  private final WebhookStore store;
  private final WebhookSender sender;
  private final WebhookUrls urls;
  private final SecretCipher cipher;
  private final InstantSource clock;
  private final ObjectMapper json = new ObjectMapper();

  public WebhookService(
      WebhookStore store,
      WebhookSender sender,
      WebhookUrls urls,
      SecretCipher cipher,
      InstantSource clock) {
    this.store = store;
    this.sender = sender;
    this.urls = urls;
    this.cipher = cipher;
    this.clock = clock;
  }

  public WebhookResponse createWebhook(CreateWebhook req) {
    String name = name(req.name());
    String url = urls.check(Validation.require(req.url(), "url"));
    List<Webhook.Event> events = events(req.events());
    long now = clock.millis();
    Webhook w =
        new Webhook(
            UUID.randomUUID().toString(),
            name,
            req.description(),
            url,
            events,
            status(req.status()),
            now,
            now);
    store.create(new WebhookStore.Stored(w, encrypt(req.secret())));
    return new WebhookResponse(w);
  }

  public ListWebhooksResponse listWebhooks(ListWebhooks req) {
    int max = Validation.maxResults(req.maxResults(), 100, 1000);
    int offset = PageTokens.decode(req.pageToken());
    Page<Webhook> page = store.list(offset, max);
    return new ListWebhooksResponse(page.items(), PageTokens.next(page, offset));
  }

  public WebhookResponse getWebhook(GetWebhook req) {
    return new WebhookResponse(
        store.get(Validation.require(req.webhookId(), "webhook_id")).webhook());
  }

  /** Only the fields given change; events, when given, replace the whole set. */
  public WebhookResponse updateWebhook(UpdateWebhook req) {
    WebhookStore.Stored old = store.get(Validation.require(req.webhookId(), "webhook_id"));
    Webhook w = old.webhook();
    Webhook updated =
        new Webhook(
            w.webhookId(),
            empty(req.name()) ? w.name() : name(req.name()),
            req.description() == null ? w.description() : req.description(),
            empty(req.url()) ? w.url() : urls.check(req.url()),
            req.events() == null || req.events().isEmpty() ? w.events() : events(req.events()),
            empty(req.status()) ? w.status() : status(req.status()),
            w.creationTimestamp(),
            clock.millis());
    String secret = req.secret() == null ? old.encryptedSecret() : encrypt(req.secret());
    store.update(new WebhookStore.Stored(updated, secret));
    return new WebhookResponse(updated);
  }

  public Empty deleteWebhook(DeleteWebhook req) {
    store.delete(Validation.require(req.webhookId(), "webhook_id"), clock.millis());
    return Empty.INSTANCE;
  }

  /** Sends an example payload of the event (or the webhook's first) and reports what happened. */
  public TestWebhookResponse testWebhook(TestWebhook req) {
    WebhookStore.Stored s = store.get(Validation.require(req.webhookId(), "webhook_id"));
    Webhook.Event event = req.event() != null ? event(req.event()) : s.webhook().events().get(0);
    String body = body(event.entity(), event.action(), example(event));
    return new TestWebhookResponse(
        sender.sendNow(new WebhookSender.Delivery(s.webhook().url(), decrypt(s), body)));
  }

  // ---- registry events

  @Override
  public void registeredModelCreated(RegisteredModel model) {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("name", model.name());
    data.put("tags", tagMap(model.tags()));
    data.put("description", model.description());
    fire("REGISTERED_MODEL", "CREATED", data);
  }

  @Override
  public void modelVersionCreated(ModelVersion v) {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("name", v.name());
    data.put("version", v.version());
    data.put("source", v.source());
    data.put("run_id", v.runId());
    data.put("tags", tagMap(v.tags()));
    data.put("description", v.description());
    fire("MODEL_VERSION", "CREATED", data);
  }

  @Override
  public void modelVersionTagSet(String name, String version, Tag tag) {
    versionTagSet("MODEL_VERSION_TAG", name, version, tag);
  }

  @Override
  public void modelVersionTagDeleted(String name, String version, String key) {
    versionTagDeleted("MODEL_VERSION_TAG", name, version, key);
  }

  @Override
  public void aliasCreated(String name, String alias, String version) {
    aliasCreated("MODEL_VERSION_ALIAS", name, alias, version);
  }

  @Override
  public void aliasDeleted(String name, String alias) {
    aliasDeleted("MODEL_VERSION_ALIAS", name, alias);
  }

  @Override
  public void promptCreated(String name, Map<String, String> tags, String description) {
    Map<String, Object> data = ordered("name", name);
    data.put("tags", tags);
    data.put("description", description);
    fire("PROMPT", "CREATED", data);
  }

  @Override
  public void promptTagSet(String name, Tag tag) {
    fire("PROMPT_TAG", "SET", ordered("name", name, "key", tag.key(), "value", tag.value()));
  }

  @Override
  public void promptTagDeleted(String name, String key) {
    fire("PROMPT_TAG", "DELETED", ordered("name", name, "key", key));
  }

  @Override
  public void promptVersionCreated(
      String name, String version, String template, Map<String, String> tags, String description) {
    Map<String, Object> data = ordered("name", name, "version", version, "template", template);
    data.put("tags", tags);
    data.put("description", description);
    fire("PROMPT_VERSION", "CREATED", data);
  }

  @Override
  public void promptVersionTagSet(String name, String version, Tag tag) {
    versionTagSet("PROMPT_VERSION_TAG", name, version, tag);
  }

  @Override
  public void promptVersionTagDeleted(String name, String version, String key) {
    versionTagDeleted("PROMPT_VERSION_TAG", name, version, key);
  }

  @Override
  public void promptAliasCreated(String name, String alias, String version) {
    aliasCreated("PROMPT_ALIAS", name, alias, version);
  }

  @Override
  public void promptAliasDeleted(String name, String alias) {
    aliasDeleted("PROMPT_ALIAS", name, alias);
  }

  // Models and prompts send the same payloads for version tags and aliases, under their entity.

  private void versionTagSet(String entity, String name, String version, Tag tag) {
    fire(
        entity,
        "SET",
        ordered("name", name, "version", version, "key", tag.key(), "value", tag.value()));
  }

  private void versionTagDeleted(String entity, String name, String version, String key) {
    fire(entity, "DELETED", ordered("name", name, "version", version, "key", key));
  }

  private void aliasCreated(String entity, String name, String alias, String version) {
    fire(entity, "CREATED", ordered("name", name, "alias", alias, "version", version));
  }

  private void aliasDeleted(String entity, String name, String alias) {
    fire(entity, "DELETED", ordered("name", name, "alias", alias));
  }

  /** Never throws: the registry call has already succeeded. */
  private void fire(String entity, String action, Map<String, Object> data) {
    try {
      String body = body(entity, action, data);
      for (WebhookStore.Stored s :
          store.subscribers(entity.toLowerCase(Locale.ROOT), action.toLowerCase(Locale.ROOT))) {
        sender.sendLater(new WebhookSender.Delivery(s.webhook().url(), decrypt(s), body));
      }
    } catch (RuntimeException e) {
      LOG.error("webhook delivery of {}.{} could not be queued", entity, action, e);
    }
  }

  private String body(String entity, String action, Map<String, Object> data) {
    Map<String, Object> payload = new LinkedHashMap<>();
    payload.put("entity", entity.toLowerCase(Locale.ROOT));
    payload.put("action", action.toLowerCase(Locale.ROOT));
    payload.put("timestamp", Instant.ofEpochMilli(clock.millis()).toString());
    payload.put("data", data);
    try {
      return json.writeValueAsString(payload);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** MLflow's example payload of each event (its payload types' {@code example()}). */
  private static Map<String, Object> example(Webhook.Event e) {
    boolean prompt = e.entity().startsWith("PROMPT");
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("name", prompt ? "example_prompt" : "example_model");
    Map<String, String> tags = Map.of("example_key", "example_value");
    switch (e.entity().replace("PROMPT", "MODEL") + "." + e.action()) {
      case "REGISTERED_MODEL.CREATED", "MODEL.CREATED" -> {
        data.put("tags", tags);
        data.put("description", prompt ? "An example prompt" : "An example registered model");
      }
      case "MODEL_VERSION.CREATED" -> {
        data.put("version", "1");
        if (prompt) {
          data.put("template", "Hello {{name}}!");
        } else {
          data.put("source", "models:/123");
          data.put("run_id", "abcd1234abcd5678");
        }
        data.put("tags", tags);
        data.put("description", prompt ? "An example prompt version" : "An example model version");
      }
      case "MODEL_VERSION_TAG.SET",
          "MODEL_VERSION_TAG.DELETED",
          "MODEL_TAG.SET",
          "MODEL_TAG.DELETED" -> {
        if (e.entity().contains("VERSION")) {
          data.put("version", "1");
        }
        data.put("key", "example_key");
        if (e.action().equals("SET")) {
          data.put("value", "example_value");
        }
      }
      default -> {
        data.put("alias", "example_alias");
        if (e.action().equals("CREATED")) {
          data.put("version", "1");
        }
      }
    }
    return data;
  }

  private static Map<String, Object> ordered(String... kv) {
    Map<String, Object> out = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      out.put(kv[i], kv[i + 1]);
    }
    return out;
  }

  private static Map<String, String> tagMap(List<Tag> tags) {
    Map<String, String> out = new LinkedHashMap<>();
    tags.forEach(t -> out.put(t.key(), t.value()));
    return out;
  }

  // ---- validation

  private static String name(String name) {
    if (name == null || name.length() > 63 || !NAME.matcher(name).matches()) {
      throw CairnException.invalid(
          "Invalid webhook name '%s'. Name must be 1-63 characters, start and end with a letter"
              + " or digit, and contain only letters, digits, '.', '_' and '-'.",
          name);
    }
    return name;
  }

  private static List<Webhook.Event> events(List<Webhook.Event> events) {
    if (events == null || events.isEmpty()) {
      throw CairnException.invalid("Webhook events cannot be empty.");
    }
    List<Webhook.Event> out = new ArrayList<>();
    for (Webhook.Event e : events) {
      Webhook.Event canonical = event(e);
      if (!out.contains(canonical)) {
        out.add(canonical);
      }
    }
    return out;
  }

  private static Webhook.Event event(Webhook.Event e) {
    String entity = e.entity() == null ? "" : e.entity().toUpperCase(Locale.ROOT);
    String action = e.action() == null ? "" : e.action().toUpperCase(Locale.ROOT);
    if (!EVENTS.contains(entity + "." + action)) {
      throw CairnException.invalid(
          "Invalid webhook event: entity '%s' with action '%s'.", e.entity(), e.action());
    }
    return new Webhook.Event(entity, action);
  }

  private static String status(String status) {
    if (status == null || status.isEmpty()) {
      return "ACTIVE";
    }
    String s = status.toUpperCase(Locale.ROOT);
    if (!s.equals("ACTIVE") && !s.equals("DISABLED")) {
      throw CairnException.invalid("Invalid webhook status '%s'.", status);
    }
    return s;
  }

  private String encrypt(String secret) {
    return secret == null || secret.isEmpty() ? null : cipher.encrypt(secret);
  }

  private String decrypt(WebhookStore.Stored s) {
    return s.encryptedSecret() == null ? null : cipher.decrypt(s.encryptedSecret());
  }

  private static boolean empty(String s) {
    return s == null || s.isEmpty();
  }
}
