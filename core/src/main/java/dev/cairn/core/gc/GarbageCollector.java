package dev.cairn.core.gc;

import dev.cairn.core.CairnException;
import dev.cairn.core.artifacts.ArtifactService;
import dev.cairn.core.gc.GcStore.Item;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Permanently deletes runs, experiments and logged models in the deleted stage with their
 * artifacts, as {@code mlflow gc} does, with these differences (all on purpose):
 *
 * <ul>
 *   <li>Everything asked for is checked before anything is deleted: a run that is not deleted or
 *       too young fails the whole call instead of leaving it half done.
 *   <li>Proxied artifact locations ({@code mlflow-artifacts:/}, the server's own {@code
 *       http(s)://.../mlflow-artifacts/artifacts}) are deleted in the artifact destination, with no
 *       tracking server needed (MLflow's gc needs one running and cannot delete them otherwise).
 *   <li>The artifacts of every run and logged model of a removed experiment are deleted, not only
 *       those of its runs in the deleted stage.
 * </ul>
 *
 * An artifact location that cannot be deleted (no such store, unreachable) is reported and the
 * metadata is removed anyway, as MLflow does.
 */
public final class GarbageCollector {
  private final GcStore store;
  private final ArtifactService artifacts;
  private final InstantSource clock;

  public GarbageCollector(GcStore store, ArtifactService artifacts, InstantSource clock) {
    this.store = store;
    this.artifacts = artifacts;
    this.clock = clock;
  }

  /**
   * What to collect. Null lists mean "every deleted one"; {@code olderThan} (MLflow's format, e.g.
   * {@code 30d}, {@code 2d8h5m20s}) null means any age.
   */
  public record Request(
      String olderThan, List<String> runIds, List<String> experimentIds, List<String> modelIds) {}

  /** Progress: each permanent deletion, and artifact locations that could not be deleted. */
  public interface Listener {
    /** What is about to be deleted, once everything was checked. */
    default void planned(int runs, int loggedModels, int experiments) {}

    void deleted(String kind, String id);

    void warning(String message);
  }

  /** What was deleted. */
  public record Summary(int runs, int experiments, int loggedModels) {}

  /**
   * @throws CairnException INVALID_PARAMETER_VALUE (nothing deleted) when an id names something
   *     that is not deleted or not old enough, RESOURCE_DOES_NOT_EXIST when it names nothing
   */
  public Summary collect(Request request, Listener listener) {
    boolean aged = request.olderThan() != null;
    long cutoff = clock.millis() - (aged ? Durations.parse(request.olderThan()) : 0);

    List<Item> experiments = experiments(request, cutoff, aged);
    Map<String, Item> runs = new LinkedHashMap<>();
    if (request.runIds() == null) {
      store.deletedRuns().stream().filter(r -> old(r, cutoff)).forEach(r -> runs.put(r.id(), r));
    } else {
      for (String id : request.runIds()) {
        Item run = require(store.run(id), "Run", id);
        check(run, "Run", aged, cutoff, request.olderThan());
        runs.put(id, run);
      }
    }
    Map<String, Item> models = new LinkedHashMap<>();
    if (request.modelIds() == null) {
      store.deletedLoggedModels().stream()
          .filter(m -> old(m, cutoff))
          .forEach(m -> models.put(m.id(), m));
    } else {
      for (String id : request.modelIds()) {
        Item model = require(store.loggedModel(id), "Logged model", id);
        check(model, "Logged model", aged, cutoff, request.olderThan());
        models.put(id, model);
      }
    }
    for (Item e : experiments) {
      store.runsOf(e.id()).forEach(r -> runs.putIfAbsent(r.id(), r));
      store.loggedModelsOf(e.id()).forEach(m -> models.putIfAbsent(m.id(), m));
    }

    listener.planned(runs.size(), models.size(), experiments.size());
    for (Item run : runs.values()) {
      deleteArtifacts(run, "run", listener);
      store.hardDeleteRun(run.id());
      listener.deleted("Run", run.id());
    }
    for (Item model : models.values()) {
      deleteArtifacts(model, "logged model", listener);
      store.hardDeleteLoggedModel(model.id());
      listener.deleted("Logged model", model.id());
    }
    for (Item e : experiments) {
      for (Item trace : store.tracesOf(e.id())) {
        deleteArtifacts(trace, "trace", listener);
      }
      store.hardDeleteExperiment(e.id());
      listener.deleted("Experiment", e.id());
    }
    return new Summary(runs.size(), experiments.size(), models.size());
  }

  private List<Item> experiments(Request request, long cutoff, boolean aged) {
    if (request.experimentIds() == null) {
      // MLflow compares an experiment's last_update_time strictly ("older than").
      return store.deletedExperiments().stream()
          .filter(e -> !aged || (e.time() != null && e.time() < cutoff))
          .toList();
    }
    List<Item> out = new ArrayList<>();
    List<String> active = new ArrayList<>();
    List<String> young = new ArrayList<>();
    for (String id : request.experimentIds()) {
      Item e = require(store.experiment(id), "Experiment", id);
      if (!e.deleted()) {
        active.add(id);
      } else if (aged && (e.time() == null || e.time() >= cutoff)) {
        young.add(id);
      }
      out.add(e);
    }
    if (!active.isEmpty()) {
      throw CairnException.invalid(
          "Experiments %s are not in the deleted lifecycle stage. Only experiments in the deleted"
              + " lifecycle stage can be hard-deleted.",
          active);
    }
    if (!young.isEmpty()) {
      throw CairnException.invalid(
          "Experiments %s are not older than the required age. Only experiments older than %s can"
              + " be deleted.",
          young, request.olderThan());
    }
    return out;
  }

  /** Deleted runs and models count by their deletion time, inclusive (MLflow's {@code <=}). */
  private static boolean old(Item item, long cutoff) {
    return item.time() != null && item.time() <= cutoff;
  }

  private static Item require(Item item, String kind, String id) {
    if (item == null) {
      throw CairnException.notFound("%s with id=%s not found", kind, id);
    }
    return item;
  }

  private static void check(Item item, String kind, boolean aged, long cutoff, String olderThan) {
    if (!item.deleted()) {
      throw CairnException.invalid(
          "%s %s is not in `deleted` lifecycle stage. Only %ss in `deleted` lifecycle stage can be"
              + " deleted.",
          kind, item.id(), kind.toLowerCase());
    }
    if (aged && !old(item, cutoff)) {
      throw CairnException.invalid(
          "%s %s is not older than the required age. Only %ss older than %s can be deleted.",
          kind, item.id(), kind.toLowerCase(), olderThan);
    }
  }

  private void deleteArtifacts(Item item, String kind, Listener listener) {
    String uri = item.artifactUri();
    if (uri == null || uri.isEmpty()) {
      return;
    }
    if (!namesItself(uri, item.id())) {
      // MLflow builds these locations as .../<run id>/artifacts and .../models/<model
      // id>/artifacts.
      // One that does not name its owner (edited by hand, imported) may be shared or a whole root:
      // it is left alone.
      listener.warning(
          String.format(
              "Kept the artifacts of %s %s at '%s': the location does not name the %s.",
              kind, item.id(), uri, kind));
      return;
    }
    try {
      ArtifactService.Location location = artifacts.locate(uri);
      ArtifactService.io(
          () -> {
            location.store().delete(location.prefix());
            return null;
          });
    } catch (RuntimeException e) {
      listener.warning(
          String.format(
              "Could not delete the artifacts of %s %s at '%s' (%s); its metadata is deleted"
                  + " anyway: delete them by hand.",
              kind, item.id(), uri, e.getMessage()));
    }
  }

  private static boolean namesItself(String uri, String id) {
    int query = uri.indexOf('?');
    String path = query < 0 ? uri : uri.substring(0, query);
    return java.util.Arrays.asList(path.split("/")).contains(id);
  }

  /** Parses MLflow's {@code --older-than} durations. */
  public static final class Durations {
    private static final java.util.regex.Pattern FORMAT =
        java.util.regex.Pattern.compile(
            "^(?:([.\\d]+?)d)?(?:([.\\d]+?)h)?(?:([.\\d]+?)m)?(?:([.\\d]+?)s)?$");

    private Durations() {}

    /**
     * {@code 30d}, {@code 2d8h5m20s}, {@code 1.5h}... in milliseconds.
     *
     * @throws CairnException INVALID_PARAMETER_VALUE with MLflow's message otherwise
     */
    public static long parse(String text) {
      java.util.regex.Matcher m = FORMAT.matcher(text);
      if (text.isEmpty() || !m.matches()) {
        throw invalid(text);
      }
      double[] unitsMs = {86_400_000d, 3_600_000d, 60_000d, 1_000d};
      double total = 0;
      for (int i = 0; i < 4; i++) {
        String part = m.group(i + 1);
        if (part != null) {
          try {
            total += Double.parseDouble(part) * unitsMs[i];
          } catch (NumberFormatException e) {
            throw invalid(text);
          }
        }
      }
      return (long) total;
    }

    private static CairnException invalid(String text) {
      return CairnException.invalid(
          "Could not parse any time information from '%s'. Examples of valid strings: '8h',"
              + " '2d8h5m20s', '2m4s'",
          text);
    }
  }

  /** Splits MLflow's comma-separated id options; null stays null. */
  public static List<String> ids(String commaSeparated) {
    return commaSeparated == null
        ? null
        : java.util.Arrays.stream(commaSeparated.split(","))
            .map(String::strip)
            .filter(s -> !s.isEmpty())
            .toList();
  }
}
