package dev.cairn.store.file;

import dev.cairn.api.model.DatasetInput;
import dev.cairn.api.model.Experiment;
import dev.cairn.api.model.Metric;
import dev.cairn.api.model.ModelInput;
import dev.cairn.api.model.Param;
import dev.cairn.api.model.Run;
import dev.cairn.api.model.RunInfo;
import dev.cairn.api.model.RunStatus;
import dev.cairn.api.model.Tag;
import dev.cairn.api.model.ViewType;
import dev.cairn.api.tracking.ExperimentMessages.ExperimentRunCount;
import dev.cairn.api.tracking.MetricMessages.MetricBucket;
import dev.cairn.core.tracking.HistoryCursor;
import dev.cairn.core.tracking.NewRun;
import dev.cairn.core.tracking.Page;
import dev.cairn.core.tracking.SearchQuery;
import dev.cairn.core.tracking.TrackingStore;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@link TrackingStore} on MLflow's file store layout ({@code file:./mlruns}): what MLflow's
 * own {@code FileStore} writes, this store reads, and the other way round. Searches read the runs
 * of the experiments asked and evaluate the filter in memory, as MLflow's file store does.
 *
 * <p>One server owns a folder: writes are serialised by a lock in this process (other processes
 * writing the same folder, such as training scripts using {@code file:} directly, are seen on the
 * next read but not locked out, as with MLflow). Whole-file writes are atomic renames.
 */
public final class FileTrackingStore implements TrackingStore {
  private final FileStoreLock lock;
  private final Mlruns mlruns;
  private final FileExperiments experiments;
  private final FileRuns runs;

  public FileTrackingStore(FileStoreRoot root) {
    this.lock = root.lock();
    this.mlruns = root.mlruns();
    this.experiments = root.experiments();
    this.runs = root.runs();
  }

  @Override
  public String createExperiment(String name, String artifactLocation, List<Tag> tags, long now) {
    return lock.write(() -> experiments.create(name, artifactLocation, tags, now));
  }

  @Override
  public Experiment getExperiment(String experimentId) {
    return lock.read(() -> experiments.get(experimentId));
  }

  @Override
  public Experiment getExperimentByName(String name) {
    return lock.read(() -> experiments.getByName(name));
  }

  @Override
  public Page<Experiment> searchExperiments(SearchQuery query) {
    ViewType view = query.viewType() == null ? ViewType.ACTIVE_ONLY : query.viewType();
    return lock.read(() -> TrackingSearch.experiments(experiments.list(view), query));
  }

  @Override
  public void renameExperiment(String experimentId, String newName, long now) {
    lock.write(() -> experiments.rename(experimentId, newName, now));
  }

  @Override
  public void deleteExperiment(String experimentId, long now) {
    lock.write(() -> experiments.setLifecycle(experimentId, "active", "deleted", now, runs));
  }

  @Override
  public void restoreExperiment(String experimentId, long now) {
    lock.write(() -> experiments.setLifecycle(experimentId, "deleted", "active", now, runs));
  }

  @Override
  public void setExperimentTag(String experimentId, Tag tag) {
    lock.write(
        () -> {
          experiments.requireActive(experimentId);
          experiments.setTag(experimentId, tag);
        });
  }

  @Override
  public void deleteExperimentTag(String experimentId, String key) {
    lock.write(
        () -> {
          experiments.requireActive(experimentId);
          experiments.deleteTag(experimentId, key);
        });
  }

  @Override
  public Run createRun(NewRun run) {
    return lock.write(() -> runs.create(run));
  }

  @Override
  public Run getRun(String runId) {
    return lock.read(() -> runs.get(runId));
  }

  @Override
  public RunInfo updateRun(String runId, RunStatus status, Long endTime, String runName) {
    return lock.write(() -> runs.updateInfo(runId, status, endTime, runName));
  }

  @Override
  public void deleteRun(String runId, long now) {
    lock.write(() -> runs.setLifecycle(runId, "deleted", now));
  }

  @Override
  public void restoreRun(String runId) {
    lock.write(() -> runs.setLifecycle(runId, "active", null));
  }

  @Override
  public void logBatch(String runId, List<Metric> metrics, List<Param> params, List<Tag> tags) {
    lock.write(() -> runs.logBatch(runId, metrics, params, tags));
  }

  @Override
  public void deleteTag(String runId, String key) {
    lock.write(() -> runs.deleteTag(runId, key));
  }

  @Override
  public void logInputs(String runId, List<DatasetInput> datasets, List<ModelInput> models) {
    lock.write(
        () -> {
          Path dir = runs.requireActive(runId);
          runs.inputs().log(dir, dir.getParent(), runId, datasets, models);
        });
  }

  @Override
  public Page<Metric> getMetricHistory(String runId, String key, Integer limit, int offset) {
    return lock.read(() -> HistoryReads.page(history(runId, key), limit, offset));
  }

  @Override
  public HistoryCursor.Page getMetricHistoryAfter(
      String runId, String key, int limit, HistoryCursor after) {
    return lock.read(() -> HistoryReads.after(history(runId, key), limit, after));
  }

  @Override
  public List<Metric> getMetricHistoryBulkInterval(
      List<String> runIds, String key, Long startStep, Long endStep, int maxResults) {
    return lock.read(
        () -> {
          Map<String, List<Metric>> series = new LinkedHashMap<>();
          for (String runId : runIds) {
            series.put(runId, history(runId, key));
          }
          return HistoryReads.bulkInterval(series, startStep, endStep, maxResults);
        });
  }

  @Override
  public List<MetricBucket> getMetricBuckets(
      String runId, String key, Long startStep, Long endStep, int maxBuckets) {
    return lock.read(
        () -> HistoryReads.buckets(history(runId, key), startStep, endStep, maxBuckets));
  }

  /** A run's whole series of one metric; none for an unknown key. */
  private List<Metric> history(String runId, String key) {
    Path metrics = runs.dir(runId).resolve("metrics");
    return MetricFiles.history(FileTree.child(metrics, key), key);
  }

  @Override
  public List<ExperimentRunCount> countRuns(List<String> experimentIds) {
    return lock.read(
        () -> {
          List<ExperimentRunCount> out = new ArrayList<>();
          for (String id : experimentIds) {
            long active = 0;
            long deleted = 0;
            Path dir = mlruns.experimentDir(String.valueOf(Long.parseLong(id)));
            for (Path run : dir == null ? List.<Path>of() : Mlruns.runDirs(dir)) {
              Map<String, Object> meta = FileTree.readMeta(run);
              if (meta != null) {
                if ("deleted".equals(runs.info(run, meta).lifecycleStage())) {
                  deleted++;
                } else {
                  active++;
                }
              }
            }
            out.add(new ExperimentRunCount(id, active, deleted));
          }
          return out;
        });
  }

  @Override
  public Page<Run> searchRuns(SearchQuery query) {
    return lock.read(
        () -> {
          List<Run> all = new ArrayList<>();
          for (String id : query.experimentIds()) {
            Path dir = mlruns.experimentDir(String.valueOf(Long.parseLong(id)));
            for (Path run : dir == null ? List.<Path>of() : Mlruns.runDirs(dir)) {
              Run r = readRun(run, query.viewType());
              if (r != null) {
                all.add(r);
              }
            }
          }
          return TrackingSearch.runs(all, query);
        });
  }

  /** A run of the view, or null for another stage or a folder that is not a run. */
  private Run readRun(Path dir, ViewType view) {
    Map<String, Object> meta = FileTree.readMeta(dir);
    if (meta == null || !dir.getFileName().toString().equals(Mlruns.runIdOf(meta))) {
      return null;
    }
    String stage = runs.info(dir, meta).lifecycleStage();
    boolean wanted =
        switch (view == null ? ViewType.ACTIVE_ONLY : view) {
          case ACTIVE_ONLY -> "active".equals(stage);
          case DELETED_ONLY -> "deleted".equals(stage);
          case ALL -> true;
        };
    return wanted ? runs.read(dir, meta) : null;
  }

  /** The folder stays as it is; there is nothing to release. */
  @Override
  public void close() {}
}
