package dev.cairn.core.models;

import dev.cairn.api.Empty;
import dev.cairn.api.artifacts.ArtifactMessages.ListArtifactsResponse;
import dev.cairn.api.model.LoggedModel;
import dev.cairn.api.model.ModelOutput;
import dev.cairn.api.model.Param;
import dev.cairn.api.model.Tag;
import dev.cairn.api.tracking.LoggedModelMessages.*;
import dev.cairn.core.CairnException;
import dev.cairn.core.artifacts.ArtifactService;
import dev.cairn.core.search.FilterParser;
import dev.cairn.core.search.SearchScope;
import dev.cairn.core.tracking.Page;
import dev.cairn.core.tracking.PageTokens;
import dev.cairn.core.tracking.RunNames;
import dev.cairn.core.tracking.Validation;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/** MLflow 3's logged models: validation as MLflow's handlers and store do it, then the store. */
public final class LoggedModelService {
  private static final int DEFAULT_MAX_RESULTS = 50;
  private static final int MAX_RESULTS_LIMIT = 1000;
  private static final String BAD_NAME_CHARS = "/:.%\"'";

  private final LoggedModelStore store;
  private final ArtifactService artifacts;
  private final InstantSource clock;
  private final RunNames names;

  public LoggedModelService(
      LoggedModelStore store, ArtifactService artifacts, InstantSource clock, RunNames names) {
    this.store = store;
    this.artifacts = artifacts;
    this.clock = clock;
    this.names = names;
  }

  public LoggedModelResponse createLoggedModel(CreateLoggedModel req) {
    String experimentId = Validation.experimentId(req.experimentId());
    String name = req.name() == null || req.name().isEmpty() ? names.next() : checkName(req.name());
    String modelId = "m-" + UUID.randomUUID().toString().replace("-", "");
    LoggedModel model =
        store.createLoggedModel(
            new NewLoggedModel(
                modelId,
                experimentId,
                name,
                req.modelType(),
                emptyToNull(req.sourceRunId()),
                params(req.params()),
                tags(req.tags()),
                clock.millis()));
    return new LoggedModelResponse(model);
  }

  /** MLflow refuses names that would be ambiguous as paths or in filters. */
  private static String checkName(String name) {
    for (char c : BAD_NAME_CHARS.toCharArray()) {
      if (name.indexOf(c) >= 0) {
        throw CairnException.invalid(
            "Invalid model name ('%s') provided. Model name must be a non-empty string and cannot"
                + " contain the following characters: ('/', ':', '.', '%%', '\"', \"'\")",
            name);
      }
    }
    return name;
  }

  public LoggedModelResponse getLoggedModel(GetLoggedModel req) {
    boolean allowDeleted =
        req.allowDeleted() != null && req.allowDeleted().toLowerCase(Locale.ROOT).equals("true");
    return new LoggedModelResponse(store.getLoggedModel(modelId(req.modelId()), allowDeleted));
  }

  public LoggedModelResponse finalizeLoggedModel(FinalizeLoggedModel req) {
    Validation.require(req.status(), "status");
    return new LoggedModelResponse(
        store.finalizeLoggedModel(modelId(req.modelId()), req.status(), clock.millis()));
  }

  public Empty deleteLoggedModel(DeleteLoggedModel req) {
    store.deleteLoggedModel(modelId(req.modelId()), clock.millis());
    return Empty.INSTANCE;
  }

  public Empty setLoggedModelTags(SetLoggedModelTags req) {
    store.setLoggedModelTags(modelId(req.modelId()), tags(req.tags()));
    return Empty.INSTANCE;
  }

  public Empty deleteLoggedModelTag(DeleteLoggedModelTag req) {
    store.deleteLoggedModelTag(modelId(req.modelId()), Validation.require(req.tagKey(), "tag_key"));
    return Empty.INSTANCE;
  }

  public Empty logLoggedModelParams(LogLoggedModelParams req) {
    store.logLoggedModelParams(modelId(req.modelId()), params(req.params()));
    return Empty.INSTANCE;
  }

  public ListArtifactsResponse listLoggedModelArtifacts(ListLoggedModelArtifacts req) {
    String uri = store.getLoggedModel(modelId(req.modelId()), false).info().artifactUri();
    return new ListArtifactsResponse(uri, artifacts.list(uri, req.artifactDirectoryPath()), null);
  }

  /** Where a logged model's artifacts are (for the UI's file download). */
  public String artifactUri(String modelId) {
    return store.getLoggedModel(modelId(modelId), false).info().artifactUri();
  }

  public Empty logOutputs(LogOutputs req) {
    String runId = Validation.runId(req.runId(), "run_id");
    List<ModelOutput> models = Validation.require(req.models(), "models");
    for (ModelOutput m : models) {
      modelId(m.modelId());
    }
    store.logOutputs(
        runId,
        models.stream()
            .map(m -> new ModelOutput(m.modelId(), m.step() == null ? 0L : m.step()))
            .toList());
    return Empty.INSTANCE;
  }

  public SearchLoggedModelsResponse searchLoggedModels(SearchLoggedModels req) {
    List<String> ids = Validation.require(req.experimentIds(), "experiment_ids");
    List<Long> experimentIds = new ArrayList<>();
    for (String id : ids) {
      experimentIds.add(Long.parseLong(Validation.experimentId(id)));
    }
    List<LoggedModelQuery.Dataset> datasets = new ArrayList<>();
    for (DatasetFilter d : req.datasets() == null ? List.<DatasetFilter>of() : req.datasets()) {
      if (d.datasetName() == null || d.datasetName().isEmpty()) {
        throw CairnException.invalid("`dataset_name` in the `datasets` clause must be specified.");
      }
      datasets.add(new LoggedModelQuery.Dataset(d.datasetName(), emptyToNull(d.datasetDigest())));
    }
    // MLflow treats max_results 0 as absent.
    Integer asked = req.maxResults() != null && req.maxResults() == 0 ? null : req.maxResults();
    int max = Validation.maxResults(asked, DEFAULT_MAX_RESULTS, MAX_RESULTS_LIMIT);
    int offset = PageTokens.decode(req.pageToken());
    LoggedModelQuery query =
        new LoggedModelQuery(
            experimentIds,
            FilterParser.parse(SearchScope.LOGGED_MODELS, req.filter()),
            datasets,
            orderBy(req.orderBy()),
            offset,
            max);
    Page<LoggedModel> page = store.searchLoggedModels(query);
    return new SearchLoggedModelsResponse(page.items(), PageTokens.next(page, offset));
  }

  private static List<LoggedModelQuery.Order> orderBy(List<OrderBy> items) {
    List<LoggedModelQuery.Order> out = new ArrayList<>();
    for (OrderBy o : items == null ? List.<OrderBy>of() : items) {
      String field = Validation.require(o.fieldName(), "field_name");
      boolean ascending = o.ascending() == null || o.ascending();
      int dot = field.indexOf('.');
      if (dot < 0) {
        out.add(
            new LoggedModelQuery.Order(
                SearchScope.loggedModelColumn(field), false, ascending, null));
        continue;
      }
      if (!field.substring(0, dot).equals("metrics")) {
        throw CairnException.invalid(
            "Invalid order by field name: %s. Only metrics are supported.", field);
      }
      LoggedModelQuery.Dataset dataset =
          o.datasetName() == null && o.datasetDigest() == null
              ? null
              : new LoggedModelQuery.Dataset(o.datasetName(), emptyToNull(o.datasetDigest()));
      out.add(new LoggedModelQuery.Order(field.substring(dot + 1), true, ascending, dataset));
    }
    return out;
  }

  private static String modelId(String id) {
    Validation.require(id, "model_id");
    if (!id.matches("m-[0-9a-f]{32}")) {
      throw CairnException.notFound("Logged model with ID '%s' not found.", id);
    }
    return id;
  }

  /**
   * A logged model's params as MLflow stores them: the value as sent, a missing one as {@code ""}
   * (its proto default). When a model is logged inside a run, the client copies the run's params
   * onto it, empty values among them. Keys stay required (MLflow would store an empty key).
   */
  private static List<Param> params(List<Param> params) {
    if (params == null) {
      return List.of();
    }
    return params.stream()
        .map(p -> new Param(Validation.require(p.key(), "key"), orEmpty(p.value())))
        .toList();
  }

  /** Tags likewise: an empty or missing value is {@code ""}, as MLflow stores it. */
  private static List<Tag> tags(List<Tag> tags) {
    if (tags == null) {
      return List.of();
    }
    return tags.stream()
        .map(t -> new Tag(Validation.require(t.key(), "key"), orEmpty(t.value())))
        .toList();
  }

  private static String orEmpty(String s) {
    return s == null ? "" : s;
  }

  private static String emptyToNull(String s) {
    return s == null || s.isEmpty() ? null : s;
  }
}
