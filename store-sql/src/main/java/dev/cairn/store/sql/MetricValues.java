package dev.cairn.store.sql;

/** How a metric value is kept in MLflow's SQL schema, by the store and by the import alike. */
public final class MetricValues {
  private MetricValues() {}

  /**
   * NaN is stored as 0 with is_nan set; infinities as +/- the largest double (MLflow's SQL store
   * does the same).
   */
  public static double stored(double v) {
    if (Double.isNaN(v)) {
      return 0;
    }
    if (Double.isInfinite(v)) {
      return v > 0 ? Double.MAX_VALUE : -Double.MAX_VALUE;
    }
    return v;
  }
}
