package dev.cairn.core.search;

/** The search endpoint a filter or order_by belongs to; each accepts different identifiers. */
public enum SearchScope {
  RUNS(new RunRules()),
  EXPERIMENTS(new ExperimentRules()),
  LOGGED_MODELS(new LoggedModelRules()),
  REGISTERED_MODELS(new RegisteredModelRules()),
  MODEL_VERSIONS(new ModelVersionRules()),
  TRACES(new TraceRules());

  private final ScopeRules rules;

  SearchScope(ScopeRules rules) {
    this.rules = rules;
  }

  /**
   * The canonical {@code logged_models} column for an order_by field name or alias.
   *
   * @throws dev.cairn.core.CairnException INVALID_PARAMETER_VALUE for an unknown column
   */
  public static String loggedModelColumn(String name) {
    return LoggedModelRules.column(name).key();
  }

  ScopeRules rules() {
    return rules;
  }
}
