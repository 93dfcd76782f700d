package dev.cairn.api.tracking;

import dev.cairn.api.model.Experiment;
import dev.cairn.api.model.Tag;
import dev.cairn.api.model.ViewType;
import java.util.List;

/** Requests and responses of MLflow's experiment RPCs. */
public final class ExperimentMessages {
  private ExperimentMessages() {}

  public record CreateExperiment(String name, String artifactLocation, List<Tag> tags) {}

  public record CreateExperimentResponse(String experimentId) {}

  public record GetExperiment(String experimentId) {}

  public record GetExperimentByName(String experimentName) {}

  public record ExperimentResponse(Experiment experiment) {}

  public record SearchExperiments(
      Long maxResults, String pageToken, String filter, List<String> orderBy, ViewType viewType) {}

  public record SearchExperimentsResponse(List<Experiment> experiments, String nextPageToken) {}

  public record DeleteExperiment(String experimentId) {}

  public record RestoreExperiment(String experimentId) {}

  public record UpdateExperiment(String experimentId, String newName) {}

  public record SetExperimentTag(String experimentId, String key, String value) {}

  public record DeleteExperimentTag(String experimentId, String key) {}

  /** Cairn's read for the UI's experiment list (not in MLflow): runs per experiment. */
  public record GetRunCounts(List<String> experimentIds) {}

  public record RunCounts(List<ExperimentRunCount> counts) {}

  /** Active and deleted runs of one experiment. */
  public record ExperimentRunCount(String experimentId, long active, long deleted) {}

  /** MLflow's {@code experiments/search-datasets}: the datasets the experiments' runs used. */
  public record SearchDatasets(List<String> experimentIds) {}

  /** One dataset used in an experiment, with the context it was used in (or none). */
  public record DatasetSummary(String experimentId, String name, String digest, String context) {}

  public record SearchDatasetsResponse(List<DatasetSummary> datasetSummaries) {}
}
