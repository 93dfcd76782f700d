package dev.cairn.core.tracking;

import static dev.cairn.core.tracking.Validation.experimentId;
import static dev.cairn.core.tracking.Validation.require;

import dev.cairn.api.Empty;
import dev.cairn.api.model.Tag;
import dev.cairn.api.model.ViewType;
import dev.cairn.api.tracking.ExperimentMessages.*;
import dev.cairn.core.CairnException;
import dev.cairn.core.artifacts.ArtifactLocations;
import dev.cairn.core.search.FilterParser;
import dev.cairn.core.search.OrderByParser;
import dev.cairn.core.search.SearchScope;
import java.time.InstantSource;
import java.util.List;

/** MLflow's experiment operations: validation here, persistence in the {@link TrackingStore}. */
public final class ExperimentService {
  private final TrackingStore store;
  private final InstantSource clock;
  private final ArtifactLocations locations;

  public ExperimentService(TrackingStore store, InstantSource clock, ArtifactLocations locations) {
    this.store = store;
    this.clock = clock;
    this.locations = locations;
  }

  public CreateExperimentResponse createExperiment(CreateExperiment req) {
    String name = require(req.name(), "name");
    Validation.maxLength(name, Limits.MAX_EXPERIMENT_NAME_LENGTH, "name");
    String location = req.artifactLocation();
    if (location != null && !location.isEmpty()) {
      checkArtifactLocation(location);
    } else {
      location = null;
    }
    List<Tag> tags = experimentTags(req.tags());
    return new CreateExperimentResponse(
        store.createExperiment(name, location, tags, clock.millis()));
  }

  private void checkArtifactLocation(String location) {
    Validation.maxLength(location, Limits.MAX_ARTIFACT_LOCATION_LENGTH, "artifact_location");
    locations.check(location);
  }

  private static List<Tag> experimentTags(List<Tag> tags) {
    if (tags == null) {
      return List.of();
    }
    return tags.stream().map(ExperimentService::experimentTag).toList();
  }

  private static Tag experimentTag(Tag tag) {
    Validation.key(tag.key(), "key");
    Validation.maxLength(tag.value(), Limits.MAX_EXPERIMENT_TAG_VAL_LENGTH, "value");
    return new Tag(tag.key(), tag.value() == null ? "" : tag.value());
  }

  public ExperimentResponse getExperiment(GetExperiment req) {
    return new ExperimentResponse(store.getExperiment(experimentId(req.experimentId())));
  }

  public ExperimentResponse getExperimentByName(GetExperimentByName req) {
    return new ExperimentResponse(
        store.getExperimentByName(require(req.experimentName(), "experiment_name")));
  }

  public SearchExperimentsResponse searchExperiments(SearchExperiments req) {
    int max = Validation.maxResults(req.maxResults(), 1000, Limits.MAX_RESULTS_SEARCH_EXPERIMENTS);
    int offset = PageTokens.decode(req.pageToken());
    SearchQuery query =
        new SearchQuery(
            List.of(),
            FilterParser.parse(SearchScope.EXPERIMENTS, req.filter()),
            OrderByParser.parse(SearchScope.EXPERIMENTS, req.orderBy()),
            req.viewType() == null ? ViewType.ACTIVE_ONLY : req.viewType(),
            max,
            offset);
    Page<dev.cairn.api.model.Experiment> page = store.searchExperiments(query);
    return new SearchExperimentsResponse(page.items(), PageTokens.next(page, offset));
  }

  public Empty deleteExperiment(DeleteExperiment req) {
    store.deleteExperiment(experimentId(req.experimentId()), clock.millis());
    return Empty.INSTANCE;
  }

  public Empty restoreExperiment(RestoreExperiment req) {
    store.restoreExperiment(experimentId(req.experimentId()), clock.millis());
    return Empty.INSTANCE;
  }

  public Empty updateExperiment(UpdateExperiment req) {
    String id = experimentId(req.experimentId());
    String name = require(req.newName(), "new_name");
    Validation.maxLength(name, Limits.MAX_EXPERIMENT_NAME_LENGTH, "new_name");
    store.renameExperiment(id, name, clock.millis());
    return Empty.INSTANCE;
  }

  public Empty setExperimentTag(SetExperimentTag req) {
    String id = experimentId(req.experimentId());
    store.setExperimentTag(id, experimentTag(new Tag(require(req.key(), "key"), req.value())));
    return Empty.INSTANCE;
  }

  /** Cairn's run counts for the UI, at most 1,000 experiments per request. */
  public RunCounts getRunCounts(GetRunCounts req) {
    List<String> ids = require(req.experimentIds(), "experiment_ids");
    if (ids.size() > 1000) {
      throw CairnException.invalid(
          "Run counts may be asked for at most 1000 experiments. Got %d.", ids.size());
    }
    ids.forEach(Validation::experimentId);
    return new RunCounts(ids.isEmpty() ? List.of() : store.countRuns(ids));
  }

  public Empty deleteExperimentTag(DeleteExperimentTag req) {
    store.deleteExperimentTag(experimentId(req.experimentId()), require(req.key(), "key"));
    return Empty.INSTANCE;
  }
}
