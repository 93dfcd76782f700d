package dev.cairn.core.registry;

import dev.cairn.api.Empty;
import dev.cairn.api.model.Tag;
import dev.cairn.api.registry.ModelVersion;
import dev.cairn.api.registry.RegistryMessages.*;
import dev.cairn.core.CairnException;
import dev.cairn.core.models.LoggedModelStore;
import dev.cairn.core.search.FilterParser;
import dev.cairn.core.search.OrderByParser;
import dev.cairn.core.search.SearchScope;
import dev.cairn.core.tracking.Page;
import dev.cairn.core.tracking.PageTokens;
import dev.cairn.core.tracking.TrackingStore;
import dev.cairn.core.tracking.Validation;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** The model registry: MLflow's validation, model-version source rules, then the store. */
public final class RegistryService {
  private static final Pattern ALIAS = Pattern.compile("^[\\w\\-]*$");
  private static final Pattern VERSION_ALIAS = Pattern.compile("^[vV]\\d+$");
  private static final int MAX_TAG_VALUE = 100_000;

  private final RegistryStore store;
  private final VersionSources sources;
  private final RegistryEvents events;
  private final InstantSource clock;

  public RegistryService(
      RegistryStore store,
      TrackingStore tracking,
      LoggedModelStore models,
      RegistryEvents events,
      InstantSource clock) {
    this.store = store;
    this.sources = new VersionSources(store, tracking, models);
    this.events = events;
    this.clock = clock;
  }

  // ---- registered models

  public RegisteredModelResponse createRegisteredModel(CreateRegisteredModel req) {
    String name = modelName(req.name(), "name");
    List<Tag> tags = tags(req.tags());
    var model = store.createRegisteredModel(name, tags, req.description(), clock.millis());
    if (Prompts.marked(tags)) {
      events.promptCreated(name, Prompts.publicTags(tags), req.description());
    } else {
      events.registeredModelCreated(model);
    }
    return new RegisteredModelResponse(model);
  }

  public RegisteredModelResponse getRegisteredModel(GetRegisteredModel req) {
    return new RegisteredModelResponse(store.getRegisteredModel(required(req.name(), "name")));
  }

  public RegisteredModelResponse renameRegisteredModel(RenameRegisteredModel req) {
    String name = required(req.name(), "name");
    String newName = modelName(req.newName(), "new_name");
    return new RegisteredModelResponse(store.renameRegisteredModel(name, newName, clock.millis()));
  }

  public RegisteredModelResponse updateRegisteredModel(UpdateRegisteredModel req) {
    String name = required(req.name(), "name");
    return new RegisteredModelResponse(
        store.updateRegisteredModel(name, req.description(), clock.millis()));
  }

  public Empty deleteRegisteredModel(DeleteRegisteredModel req) {
    store.deleteRegisteredModel(required(req.name(), "name"));
    return Empty.INSTANCE;
  }

  public SearchRegisteredModelsResponse searchRegisteredModels(SearchRegisteredModels req) {
    int max = Validation.maxResults(req.maxResults(), 100, 1000);
    int offset = PageTokens.decode(req.pageToken());
    var page =
        store.searchRegisteredModels(
            new RegistryQuery(
                FilterParser.parse(SearchScope.REGISTERED_MODELS, req.filter()),
                OrderByParser.parse(SearchScope.REGISTERED_MODELS, req.orderBy()),
                offset,
                max));
    return new SearchRegisteredModelsResponse(page.items(), PageTokens.next(page, offset));
  }

  public ModelVersionsResponse getLatestVersions(GetLatestVersions req) {
    String name = required(req.name(), "name");
    List<String> stages = new ArrayList<>();
    for (String s : req.stages() == null ? List.<String>of() : req.stages()) {
      stages.add(Stages.canonical(s));
    }
    return new ModelVersionsResponse(store.latestVersions(name, stages));
  }

  public Empty setRegisteredModelTag(SetRegisteredModelTag req) {
    String name = required(req.name(), "name");
    Tag tag = tag(req.key(), req.value());
    store.setRegisteredModelTag(name, tag, clock.millis());
    if (isPrompt(name)) {
      events.promptTagSet(name, tag);
    }
    return Empty.INSTANCE;
  }

  public Empty deleteRegisteredModelTag(DeleteRegisteredModelTag req) {
    String name = required(req.name(), "name");
    String key = required(req.key(), "key");
    store.deleteRegisteredModelTag(name, key);
    if (isPrompt(name)) {
      events.promptTagDeleted(name, key);
    }
    return Empty.INSTANCE;
  }

  // ---- aliases

  public Empty setAlias(SetRegisteredModelAlias req) {
    String name = required(req.name(), "name");
    String alias = alias(req.alias());
    if (alias.equalsIgnoreCase("latest")) {
      throw CairnException.invalid("'latest' alias name (case insensitive) is reserved.");
    }
    if (VERSION_ALIAS.matcher(alias).matches()) {
      throw CairnException.invalid("Version alias name '%s' is reserved.", alias);
    }
    long version = version(req.version());
    store.setAlias(name, alias, version);
    if (isPrompt(name)) {
      events.promptAliasCreated(name, alias, Long.toString(version));
    } else {
      events.aliasCreated(name, alias, Long.toString(version));
    }
    return Empty.INSTANCE;
  }

  public Empty deleteAlias(DeleteRegisteredModelAlias req) {
    String name = required(req.name(), "name");
    String alias = alias(req.alias());
    store.deleteAlias(name, alias);
    if (isPrompt(name)) {
      events.promptAliasDeleted(name, alias);
    } else {
      events.aliasDeleted(name, alias);
    }
    return Empty.INSTANCE;
  }

  public ModelVersionResponse getModelVersionByAlias(GetModelVersionByAlias req) {
    String name = required(req.name(), "name");
    String alias = alias(req.alias());
    return new ModelVersionResponse(store.versionByAlias(name, alias));
  }

  // ---- model versions

  public ModelVersionResponse createModelVersion(CreateModelVersion req) {
    String name = required(req.name(), "name");
    String source = required(req.source(), "source");
    String runId = blankToNull(req.runId());
    String modelId = blankToNull(req.modelId());
    String storage = null;
    List<Tag> tags = tags(req.tags());
    boolean prompt = Prompts.marked(tags);
    if (prompt) {
      // A prompt keeps its text in a tag: its source is a placeholder, checked against nothing.
      Prompts.checkSource(source);
    } else if ("models".equals(ModelSources.scheme(source))) {
      VersionSources.Resolved resolved = sources.resolveModelsUri(source, runId, modelId);
      storage = resolved.storageLocation();
      runId = resolved.runId();
      modelId = resolved.modelId();
    } else {
      sources.check(source, runId, modelId);
    }
    ModelVersion created =
        store.createModelVersion(
            new NewModelVersion(
                name,
                source,
                storage,
                runId,
                req.runLink(),
                req.description(),
                tags,
                clock.millis()));
    if (modelId != null) {
      sources.recordOnLoggedModel(modelId, name, created.version());
    }
    if (prompt) {
      events.promptVersionCreated(
          name,
          created.version(),
          Prompts.text(tags),
          Prompts.publicTags(tags),
          blankToNull(req.description()));
    } else {
      events.modelVersionCreated(created);
    }
    return new ModelVersionResponse(created);
  }

  public ModelVersionResponse getModelVersion(GetModelVersion req) {
    return new ModelVersionResponse(
        store.getModelVersion(required(req.name(), "name"), version(req.version())));
  }

  public ModelVersionResponse updateModelVersion(UpdateModelVersion req) {
    return new ModelVersionResponse(
        store.updateModelVersion(
            required(req.name(), "name"),
            version(req.version()),
            req.description(),
            clock.millis()));
  }

  public ModelVersionResponse transitionStage(TransitionModelVersionStage req) {
    String stage = Stages.canonical(required(req.stage(), "stage"));
    boolean archive = Boolean.TRUE.equals(req.archiveExistingVersions());
    if (archive && (stage.equals(Stages.NONE) || stage.equals(Stages.ARCHIVED))) {
      throw CairnException.invalid(
          "Model version transition cannot archive existing model versions because '%s' is not"
              + " an Active stage. Valid stages are %s",
          stage, "Staging, Production");
    }
    return new ModelVersionResponse(
        store.transitionStage(
            required(req.name(), "name"), version(req.version()), stage, archive, clock.millis()));
  }

  public Empty deleteModelVersion(DeleteModelVersion req) {
    store.deleteModelVersion(required(req.name(), "name"), version(req.version()), clock.millis());
    return Empty.INSTANCE;
  }

  public DownloadUriResponse getDownloadUri(GetModelVersionDownloadUri req) {
    return new DownloadUriResponse(
        store.downloadUri(required(req.name(), "name"), version(req.version())));
  }

  public SearchModelVersionsResponse searchModelVersions(SearchModelVersions req) {
    int max = Validation.maxResults(req.maxResults(), 200_000, 200_000);
    int offset = PageTokens.decode(req.pageToken());
    Page<ModelVersion> page =
        store.searchModelVersions(
            new RegistryQuery(
                FilterParser.parse(SearchScope.MODEL_VERSIONS, req.filter()),
                OrderByParser.parse(SearchScope.MODEL_VERSIONS, req.orderBy()),
                offset,
                max));
    return new SearchModelVersionsResponse(page.items(), PageTokens.next(page, offset));
  }

  public Empty setModelVersionTag(SetModelVersionTag req) {
    String name = required(req.name(), "name");
    long version = version(req.version());
    Tag tag = tag(req.key(), req.value());
    store.setModelVersionTag(name, version, tag);
    if (isPrompt(name)) {
      events.promptVersionTagSet(name, Long.toString(version), tag);
    } else {
      events.modelVersionTagSet(name, Long.toString(version), tag);
    }
    return Empty.INSTANCE;
  }

  public Empty deleteModelVersionTag(DeleteModelVersionTag req) {
    String name = required(req.name(), "name");
    long version = version(req.version());
    String key = required(req.key(), "key");
    store.deleteModelVersionTag(name, version, key);
    if (isPrompt(name)) {
      events.promptVersionTagDeleted(name, Long.toString(version), key);
    } else {
      events.modelVersionTagDeleted(name, Long.toString(version), key);
    }
    return Empty.INSTANCE;
  }

  /** Whether the registered model is a prompt (its events are PROMPT_* ones). */
  private boolean isPrompt(String name) {
    return Prompts.marked(store.getRegisteredModel(name).tags());
  }

  /** Where a version's file {@code path} is (the UI's model-version get-artifact). */
  public String downloadUri(String name, String version) {
    return store.downloadUri(required(name, "name"), version(version));
  }

  // ---- validation

  private static String modelName(String name, String field) {
    if (name == null || name.strip().isEmpty()) {
      throw CairnException.invalid("Missing value for required parameter '%s'.", field);
    }
    if (name.contains("/") || name.contains(":")) {
      throw CairnException.invalid(
          "Invalid model name '%s'. Names cannot contain '/' or ':'.", name);
    }
    Validation.maxLength(name, 256, field);
    return name;
  }

  private static String alias(String alias) {
    if (alias == null || alias.isEmpty()) {
      throw CairnException.invalid("Registered model alias name cannot be empty.");
    }
    if (!ALIAS.matcher(alias).matches()) {
      throw CairnException.invalid(
          "Invalid alias name: '%s'. Names may only contain alphanumerics, underscores (_), and"
              + " dashes (-).",
          alias);
    }
    Validation.maxLength(alias, 255, "alias");
    return alias;
  }

  static long version(String version) {
    if (version == null || version.isEmpty()) {
      throw CairnException.invalid("Missing value for required parameter 'version'.");
    }
    try {
      return Long.parseLong(version.strip());
    } catch (NumberFormatException e) {
      throw CairnException.invalid("Parameter 'version' must be an integer, got '%s'.", version);
    }
  }

  private static String required(String value, String field) {
    if (value == null || value.isEmpty()) {
      throw CairnException.invalid("Missing value for required parameter '%s'.", field);
    }
    return value;
  }

  /** A registry tag; a missing value is {@code ""}, as MLflow reads it from the request. */
  private static Tag tag(String key, String value) {
    Validation.key(required(key, "key"), "key");
    String v = value == null ? "" : value;
    Validation.maxLength(v, MAX_TAG_VALUE, "value");
    return new Tag(key, v);
  }

  private static List<Tag> tags(List<Tag> tags) {
    List<Tag> out = new ArrayList<>();
    for (Tag t : tags == null ? List.<Tag>of() : tags) {
      out.add(tag(t.key(), t.value()));
    }
    return out;
  }

  private static String blankToNull(String s) {
    return s == null || s.isEmpty() ? null : s;
  }
}
