package dev.cairn.core.gc;

import java.util.List;

/**
 * What {@code cairn gc} needs of the store: the soft-deleted runs, experiments and logged models,
 * and their permanent removal. Every method is atomic.
 */
public interface GcStore {
  /**
   * A run, experiment or logged model as gc sees it.
   *
   * @param deleted whether it is in the {@code deleted} lifecycle stage
   * @param time when it was deleted (runs: {@code deleted_time}) or last updated (experiments,
   *     logged models), or null when not recorded
   * @param artifactUri its artifact location
   */
  record Item(String id, boolean deleted, Long time, String artifactUri) {}

  /** Every run in the deleted stage. */
  List<Item> deletedRuns();

  /** The run, or null when there is none. */
  Item run(String runId);

  /** Every experiment in the deleted stage. */
  List<Item> deletedExperiments();

  /** The experiment, or null when there is none. */
  Item experiment(String experimentId);

  /** Every run of the experiment, in any stage. */
  List<Item> runsOf(String experimentId);

  /** Every logged model in the deleted stage. */
  List<Item> deletedLoggedModels();

  /** The logged model (deleted or not), or null when there is none. */
  Item loggedModel(String modelId);

  /** Every logged model of the experiment, in any stage. */
  List<Item> loggedModelsOf(String experimentId);

  /**
   * The traces of an experiment with their artifact locations (the {@code mlflow.artifactLocation}
   * tag, {@code .../traces/<id>/artifacts}); none for a store that keeps no traces. Their rows go
   * with {@link #hardDeleteExperiment}.
   */
  default List<Item> tracesOf(String experimentId) {
    return List.of();
  }

  /** Removes the run with its metrics, params, tags and dataset inputs. */
  void hardDeleteRun(String runId);

  /** Removes the logged model with its tags, params and metrics. */
  void hardDeleteLoggedModel(String modelId);

  /**
   * Removes the experiment with what hangs from it (tags, datasets, traces; its runs and models are
   * removed before, one by one, by the caller).
   */
  void hardDeleteExperiment(String experimentId);
}
