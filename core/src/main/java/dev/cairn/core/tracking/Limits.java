package dev.cairn.core.tracking;

/** MLflow's validation limits (mlflow/utils/validation.py), in one place. */
public final class Limits {
  private Limits() {}

  public static final int MAX_ENTITY_KEY_LENGTH = 250;
  public static final int MAX_PARAM_VAL_LENGTH = 6000;
  public static final int MAX_TAG_VAL_LENGTH = 8000;
  public static final int MAX_EXPERIMENT_TAG_VAL_LENGTH = 20_000;
  public static final int MAX_EXPERIMENT_NAME_LENGTH = 500;
  public static final int MAX_ARTIFACT_LOCATION_LENGTH = 2048;
  public static final int MAX_METRICS_PER_BATCH = 1000;
  public static final int MAX_PARAMS_TAGS_PER_BATCH = 100;
  public static final int MAX_ENTITIES_PER_BATCH = 1000;
  public static final int MAX_RESULTS_SEARCH_RUNS = 50_000;
  public static final int MAX_RESULTS_SEARCH_EXPERIMENTS = 50_000;
  public static final int DEFAULT_SEARCH_RUNS_MAX_RESULTS = 1000;
  public static final int MAX_DATASET_NAME_LENGTH = 500;
  public static final int MAX_DATASET_DIGEST_LENGTH = 36;
  public static final int MAX_DATASET_SOURCE_LENGTH = 65_535;
  public static final int MAX_DATASET_SCHEMA_LENGTH = 1_048_575;
  public static final int MAX_DATASET_PROFILE_LENGTH = 16_777_215;
  public static final int MAX_INPUT_TAG_KEY_LENGTH = 255;
  public static final int MAX_INPUT_TAG_VALUE_LENGTH = 500;
  public static final int MAX_BULK_INTERVAL_RUN_IDS = 100;
  public static final int MAX_BULK_INTERVAL_RESULTS = 2500;

  /** Cairn's downsampled chart read: default and largest bucket count per run. */
  public static final int DEFAULT_CHART_BUCKETS = 1000;

  public static final int MAX_CHART_BUCKETS = 10_000;
}
