package dev.cairn.client;

import dev.cairn.api.model.LoggedModelStatus;
import dev.cairn.api.model.Metric;
import dev.cairn.api.model.ModelOutput;
import dev.cairn.api.model.Param;
import dev.cairn.api.model.Run;
import dev.cairn.api.model.RunStatus;
import dev.cairn.api.model.Tag;
import dev.cairn.api.model.ViewType;
import dev.cairn.api.tracking.LoggedModelEndpoints;
import dev.cairn.api.tracking.LoggedModelMessages.LogOutputs;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Uploads an offline folder (MLflow's file-store layout, as {@link OfflineTracker} writes it) to a
 * server: experiments matched by name, each run created once and tagged {@code
 * cairn.offline_run_id} (the server chooses run ids; the mapping is kept in the run's folder and
 * found again by that tag), parents before children with {@code mlflow.parentRunId} mapped.
 *
 * <p>Idempotent and resumable: progress is saved in each run folder ({@link SyncState}) after every
 * batch, so a sync that is interrupted continues where it stopped, and a second sync of a finished
 * folder sends nothing.
 */
public final class OfflineSync {
  static final String OFFLINE_ID_TAG = "cairn.offline_run_id";

  /** What one sync sent. */
  public record Report(
      int runs, int skippedRuns, long metrics, long params, long tags, long files) {}

  private final CairnClient client;
  private final Consumer<String> progress;
  private final Map<String, String> mapped = new LinkedHashMap<>();
  private int runs;
  private int skipped;
  private long metrics;
  private long params;
  private long tags;
  private long files;

  public OfflineSync(CairnClient client, Consumer<String> progress) {
    this.client = client;
    this.progress = progress;
  }

  /** Syncs every experiment and run of {@code folder}. */
  public Report sync(Path folder) {
    for (Path exp : children(folder)) {
      if (!Files.isRegularFile(exp.resolve("meta.yaml"))) continue;
      String name = FileStoreLayout.readMeta(exp.resolve("meta.yaml")).get("name");
      String serverExp = client.experimentIdFor(name);
      Map<String, Path> byId = new LinkedHashMap<>();
      for (Path run : children(exp)) {
        if (Files.isRegularFile(run.resolve("meta.yaml"))) {
          byId.put(run.getFileName().toString(), run);
        }
      }
      for (String id : byId.keySet()) {
        syncWithParents(id, byId, serverExp);
      }
    }
    return new Report(runs, skipped, metrics, params, tags, files);
  }

  private void syncWithParents(String id, Map<String, Path> byId, String serverExp) {
    if (mapped.containsKey(id)) return;
    Path dir = byId.get(id);
    String parent = tagValue(dir, "mlflow.parentRunId");
    if (parent != null && byId.containsKey(parent)) {
      syncWithParents(parent, byId, serverExp);
    }
    syncRun(dir, serverExp);
  }

  private void syncRun(Path dir, String serverExp) {
    String offlineId = dir.getFileName().toString();
    SyncState state = SyncState.load(dir, client.settings().trackingUri().toString());
    if (state.done()) {
      mapped.put(offlineId, state.remoteRunId());
      skipped++;
      progress.accept("run %s: already synced as %s".formatted(offlineId, state.remoteRunId()));
      return;
    }
    Map<String, String> meta = FileStoreLayout.readMeta(dir.resolve("meta.yaml"));
    String remote = remoteRun(state, offlineId, serverExp, meta);
    mapped.put(offlineId, remote);
    if (!state.flag("params")) {
      params += sendPairs(remote, dir.resolve("params"), true);
      state.set("params", "done");
    }
    if (!state.flag("tags")) {
      tags += sendPairs(remote, dir.resolve("tags"), false);
      state.set("tags", "done");
    }
    sendMetrics(remote, dir.resolve("metrics"), state);
    if (!state.flag("artifacts") && Files.isDirectory(dir.resolve("artifacts"))) {
      files += countFiles(dir.resolve("artifacts"));
      client.artifacts().uploadToRun(remote, dir.resolve("artifacts"), null);
    }
    state.set("artifacts", "done");
    syncModels(dir, remote, serverExp, state);
    String status = meta.get("status");
    RunStatus end =
        status == null ? RunStatus.FINISHED : RunStatus.fromWire(Integer.parseInt(status));
    String endTime = meta.get("end_time");
    client.updateRun(remote, end, endTime == null ? null : Long.parseLong(endTime));
    state.set("done", "true");
    runs++;
    progress.accept("run %s: synced as %s".formatted(offlineId, remote));
  }

  private String remoteRun(
      SyncState state, String offlineId, String exp, Map<String, String> meta) {
    if (state.remoteRunId() != null) {
      return state.remoteRunId();
    }
    String filter = "tags.`%s` = '%s'".formatted(OFFLINE_ID_TAG, offlineId);
    List<Run> found =
        client.searchRunsPage(List.of(exp), filter, ViewType.ALL, null, 1, null).items();
    String remote;
    if (!found.isEmpty()) {
      remote = found.getFirst().info().runId();
    } else {
      remote =
          client
              .createRun(
                  exp,
                  meta.get("run_name"),
                  List.of(new Tag(OFFLINE_ID_TAG, offlineId)),
                  Long.parseLong(meta.get("start_time")))
              .runId();
    }
    state.set("remote", remote);
    return remote;
  }

  private long sendPairs(String remote, Path folder, boolean isParam) {
    Map<String, String> pairs = readPairs(folder);
    List<Param> ps = new ArrayList<>();
    List<Tag> ts = new ArrayList<>();
    for (Map.Entry<String, String> e : pairs.entrySet()) {
      String value = e.getValue();
      if (!isParam && e.getKey().equals("mlflow.parentRunId")) {
        value = mapped.getOrDefault(value, value);
      }
      if (isParam) ps.add(new Param(e.getKey(), value));
      else ts.add(new Tag(e.getKey(), value));
      if (ps.size() == BatchSender.MAX_PARAMS || ts.size() == BatchSender.MAX_TAGS) {
        client.logBatch(remote, List.of(), ps, ts);
        ps = new ArrayList<>();
        ts = new ArrayList<>();
      }
    }
    if (!ps.isEmpty() || !ts.isEmpty()) {
      client.logBatch(remote, List.of(), ps, ts);
    }
    return pairs.size();
  }

  /** Sends each metric file from the line the last sync reached, saving progress per batch. */
  private void sendMetrics(String remote, Path folder, SyncState state) {
    for (Map.Entry<String, Path> e : keyedFiles(folder).entrySet()) {
      String key = e.getKey();
      List<String> lines = FileStoreLayout.lines(e.getValue());
      int from = state.count("metric." + key);
      for (int i = from; i < lines.size(); ) {
        List<Metric> batch = new ArrayList<>();
        int j = i;
        for (; j < lines.size() && batch.size() < BatchSender.MAX_METRICS; j++) {
          String[] f = lines.get(j).trim().split(" ");
          if (f.length < 2) continue;
          long step = f.length > 2 ? Long.parseLong(f[2]) : 0;
          batch.add(Metric.of(key, FileStoreLayout.parseDouble(f[1]), Long.parseLong(f[0]), step));
        }
        client.logBatch(remote, batch, List.of(), List.of());
        metrics += batch.size();
        state.set("metric." + key, String.valueOf(j));
        i = j;
      }
      if (lines.size() > from) {
        progress.accept("  %s: %d point(s)".formatted(key, lines.size() - from));
      }
    }
  }

  private void syncModels(Path dir, String remote, String exp, SyncState state) {
    Path list = dir.resolve(OfflineRun.MODELS_FILE);
    Map<String, String> ids = new LinkedHashMap<>();
    if (Files.isRegularFile(list)) {
      for (String name : FileStoreLayout.lines(list)) {
        if (name.isBlank()) continue;
        String id = state.get("model." + name);
        if (id == null) {
          var model = client.createLoggedModel(exp, name, remote, List.of(), List.of());
          id = model.info().modelId();
          client
              .artifacts()
              .upload(model.info().artifactUri(), dir.resolve("artifacts").resolve(name), null);
          if (!Files.exists(dir.resolve("artifacts").resolve(name).resolve("MLmodel"))) {
            RestRun.withTempFile(
                ModelFiles.mlmodel(id, remote, model.info().artifactUri()).getBytes(),
                "MLmodel",
                (f, d) -> client.artifacts().upload(model.info().artifactUri(), f, d));
          }
          client.call(
              LoggedModelEndpoints.LOG_OUTPUTS,
              new LogOutputs(remote, List.of(new ModelOutput(id, 0L))));
          client.finalizeLoggedModel(id, LoggedModelStatus.LOGGED_MODEL_READY);
          state.set("model." + name, id);
        }
        ids.put(name, id);
      }
    }
    Path regs = dir.resolve(OfflineRun.REGISTRATIONS_FILE);
    if (Files.isRegularFile(regs)) {
      List<String> lines = FileStoreLayout.lines(regs);
      for (int i = state.count("registrations"); i < lines.size(); i++) {
        String[] f = lines.get(i).split("\t", 2);
        if (f.length < 2 || !ids.containsKey(f[0])) continue;
        try {
          client.createRegisteredModel(f[1]);
        } catch (TrackingException e) {
          if (!"RESOURCE_ALREADY_EXISTS".equals(e.errorCode())) throw e;
        }
        client.createModelVersion(f[1], "models:/" + ids.get(f[0]), remote, ids.get(f[0]));
        state.set("registrations", String.valueOf(i + 1));
      }
    }
  }

  private static Map<String, String> readPairs(Path folder) {
    Map<String, String> out = new LinkedHashMap<>();
    keyedFiles(folder).forEach((k, f) -> out.put(k, FileStoreLayout.read(f)));
    return out;
  }

  /** Files under {@code folder} by key ({@code a/b} for nested files, as MLflow's keys). */
  private static Map<String, Path> keyedFiles(Path folder) {
    Map<String, Path> out = new LinkedHashMap<>();
    if (!Files.isDirectory(folder)) return out;
    try (Stream<Path> all = Files.walk(folder)) {
      all.filter(Files::isRegularFile)
          .sorted()
          .forEach(f -> out.put(folder.relativize(f).toString().replace('\\', '/'), f));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }

  private static long countFiles(Path folder) {
    return keyedFiles(folder).size();
  }

  private static String tagValue(Path runDir, String key) {
    Path f = runDir.resolve("tags").resolve(key);
    return Files.isRegularFile(f) ? FileStoreLayout.read(f) : null;
  }

  private static List<Path> children(Path dir) {
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(Files::isDirectory).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
