package dev.cairn.client;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Writes runs to a local folder in MLflow's file-store layout, for machines without a server; the
 * folder can be read by {@code mlflow ui --backend-store-uri <folder>} and uploaded later with
 * {@code cairn sync <folder> --to <uri>} ({@link OfflineSync}). Writes are synchronous and go
 * straight to disk, so a crash loses nothing already logged.
 *
 * <p>Experiment ids are local: the experiment is matched by name when synced. Logged models are
 * kept as run artifacts under {@code <name>/} and registered when synced; {@link Run#registerModel}
 * records the wish for the sync.
 */
public final class OfflineTracker implements Tracker {
  private final Path root;
  private final TrackerConfig config;
  private final Set<OfflineRun> open = ConcurrentHashMap.newKeySet();
  private final String experimentId;
  private volatile String pendingResume;

  public OfflineTracker(TrackerConfig config) {
    this.root = config.offlineFolder().toAbsolutePath();
    this.config = config;
    this.pendingResume = config.resumeRunId();
    String name = config.experimentName() != null ? config.experimentName() : "Default";
    this.experimentId = experimentFor(name);
  }

  public Path root() {
    return root;
  }

  /** The local id of the experiment named {@code name} in the folder, created when missing. */
  private synchronized String experimentFor(String name) {
    try {
      Files.createDirectories(root);
      try (var dirs = Files.list(root)) {
        for (Path d : dirs.filter(p -> Files.isRegularFile(p.resolve("meta.yaml"))).toList()) {
          if (name.equals(FileStoreLayout.readMeta(d.resolve("meta.yaml")).get("name"))) {
            return d.getFileName().toString();
          }
        }
      }
      String id = name.equals("Default") ? "0" : String.valueOf(System.currentTimeMillis());
      FileStoreLayout.writeExperimentMeta(root.resolve(id), id, name, System.currentTimeMillis());
      return id;
    } catch (java.io.IOException e) {
      throw new TrackingException("Cannot write to " + root + ": " + e, e);
    }
  }

  @Override
  public Run startRun(String name) {
    String resume = pendingResume;
    if (resume != null) {
      pendingResume = null;
      return resume(resume);
    }
    return start(name, null);
  }

  Run start(String name, String parentId) {
    String id = UUID.randomUUID().toString().replace("-", "");
    Path dir = root.resolve(experimentId).resolve(id);
    OfflineRun run = new OfflineRun(this, dir, experimentId, id, name, System.currentTimeMillis());
    run.writeMeta(1, null);
    List<String[]> tags = new ArrayList<>();
    config.tags().forEach((k, v) -> tags.add(new String[] {k, v}));
    tags.add(new String[] {"mlflow.runName", name});
    tags.add(new String[] {"mlflow.user", System.getProperty("user.name", "unknown")});
    tags.add(new String[] {"mlflow.source.type", "LOCAL"});
    if (parentId != null) {
      tags.add(new String[] {"mlflow.parentRunId", parentId});
    }
    tags.forEach(t -> run.setTag(t[0], t[1]));
    open.add(run);
    config.startSystemMetrics(run, 0);
    return run;
  }

  @Override
  public Run resume(String runId) {
    try (var exps = Files.list(root)) {
      for (Path exp : exps.toList()) {
        Path dir = exp.resolve(runId);
        if (Files.isRegularFile(dir.resolve("meta.yaml"))) {
          var meta = FileStoreLayout.readMeta(dir.resolve("meta.yaml"));
          OfflineRun run =
              new OfflineRun(
                  this,
                  dir,
                  exp.getFileName().toString(),
                  runId,
                  meta.get("run_name"),
                  Long.parseLong(meta.get("start_time")));
          run.writeMeta(1, null);
          open.add(run);
          config.startSystemMetrics(run, nextSystemStep(dir.resolve("metrics").resolve("system")));
          return run;
        }
      }
    } catch (java.io.IOException e) {
      throw new TrackingException("Cannot read " + root + ": " + e, e);
    }
    throw new TrackingException("RESOURCE_DOES_NOT_EXIST", 404, "Run '" + runId + "' not found.");
  }

  /**
   * After the last step of the {@code system/} metric files (lines {@code timestamp value step}),
   * as MLflow's resumed system metrics.
   */
  private static long nextSystemStep(Path systemMetrics) throws java.io.IOException {
    if (!Files.isDirectory(systemMetrics)) {
      return 0;
    }
    long next = 0;
    try (var files = Files.walk(systemMetrics)) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        for (String line : Files.readAllLines(f)) {
          String[] fields = line.strip().split(" ");
          if (fields.length >= 3) {
            next = Math.max(next, Long.parseLong(fields[2]) + 1);
          }
        }
      }
    }
    return next;
  }

  void closed(OfflineRun run) {
    open.remove(run);
  }

  @Override
  public void flush() {}

  @Override
  public void close() {
    List<TrackingException> errors = new ArrayList<>();
    for (OfflineRun run : List.copyOf(open)) {
      try {
        run.close();
      } catch (TrackingException e) {
        errors.add(e);
      }
    }
    RestTracker.throwAll(errors);
  }
}
