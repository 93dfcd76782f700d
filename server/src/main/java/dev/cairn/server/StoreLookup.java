package dev.cairn.server;

import dev.cairn.api.ErrorCode;
import dev.cairn.api.model.Experiment;
import dev.cairn.api.model.LoggedModel;
import dev.cairn.api.registry.RegisteredModel;
import dev.cairn.core.CairnException;
import dev.cairn.core.models.LoggedModelStore;
import dev.cairn.core.registry.Prompts;
import dev.cairn.core.registry.RegistryStore;
import dev.cairn.core.tracing.TraceRecord;
import dev.cairn.core.tracing.TraceStore;
import dev.cairn.core.tracking.TrackingStore;
import dev.cairn.server.auth.ResourceLookup;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The permission checks' reads, from the server's stores. A run's experiment never changes (a
 * deleted run still exists), so the answers are remembered (a bounded map): logging to a run costs
 * one extra read per run, not per request.
 */
final class StoreLookup implements ResourceLookup {
  private static final int REMEMBERED = 100_000;

  private final TrackingStore tracking;
  private final LoggedModelStore models;
  private final RegistryStore registry;
  private final TraceStore traces;
  private final Map<String, String> experimentOf =
      new LinkedHashMap<>(1024, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
          return size() > REMEMBERED;
        }
      };

  StoreLookup(
      TrackingStore tracking, LoggedModelStore models, RegistryStore registry, TraceStore traces) {
    this.tracking = tracking;
    this.traces = traces;
    this.models = models;
    this.registry = registry;
  }

  @Override
  public String experimentOfRun(String runId) {
    return remembered("run:" + runId, () -> tracking.experimentIdOfRun(runId));
  }

  /**
   * Not remembered: a deleted logged model counts as gone (MLflow's rules then refuse it rather
   * than report it missing), and a deletion must take effect at once.
   */
  @Override
  public String experimentOfLoggedModel(String modelId) {
    LoggedModel model = orNull(() -> models.getLoggedModel(modelId, false));
    return model == null ? null : model.info().experimentId();
  }

  /** Remembered: a trace never moves to another experiment. */
  @Override
  public String experimentOfTrace(String traceId) {
    if (traces == null) {
      return null;
    }
    return remembered(
        "trace:" + traceId,
        () -> {
          TraceRecord t = orNull(() -> traces.getTraceInfo(traceId));
          return t == null ? null : t.experimentId();
        });
  }

  @Override
  public String experimentIdByName(String name) {
    Experiment e = orNull(() -> tracking.getExperimentByName(name));
    return e == null ? null : e.experimentId();
  }

  @Override
  public Boolean isPrompt(String registeredModelName) {
    RegisteredModel model = orNull(() -> registry.getRegisteredModel(registeredModelName));
    if (model == null) {
      return null;
    }
    return Prompts.marked(model.tags() == null ? java.util.List.of() : model.tags());
  }

  private String remembered(String key, Supplier<String> read) {
    synchronized (experimentOf) {
      String hit = experimentOf.get(key);
      if (hit != null) {
        return hit;
      }
    }
    String found = orNull(read);
    if (found != null) {
      synchronized (experimentOf) {
        experimentOf.put(key, found);
      }
    }
    return found;
  }

  /** The value, or null when the resource does not exist. */
  private static <T> T orNull(Supplier<T> read) {
    try {
      return read.get();
    } catch (CairnException e) {
      if (e.code() == ErrorCode.RESOURCE_DOES_NOT_EXIST) {
        return null;
      }
      throw e;
    }
  }
}
