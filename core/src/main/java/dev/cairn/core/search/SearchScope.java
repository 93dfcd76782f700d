package dev.cairn.core.search;

/**
 * The search endpoint a filter or order_by belongs to; each accepts different identifiers.
 * Registered models and model versions will be further constants with their own {@link ScopeRules}.
 */
public enum SearchScope {
  RUNS(new RunRules()),
  EXPERIMENTS(new ExperimentRules());

  private final ScopeRules rules;

  SearchScope(ScopeRules rules) {
    this.rules = rules;
  }

  ScopeRules rules() {
    return rules;
  }
}
