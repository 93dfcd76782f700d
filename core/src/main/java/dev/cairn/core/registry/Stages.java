package dev.cairn.core.registry;

import dev.cairn.core.CairnException;
import java.util.List;
import java.util.Locale;

/** MLflow's (deprecated, still used) model version stages, matched case-insensitively. */
final class Stages {
  static final String NONE = "None";
  static final String ARCHIVED = "Archived";
  static final String DELETED = "Deleted_Internal";
  static final List<String> ALL = List.of(NONE, "Staging", "Production", ARCHIVED);

  private Stages() {}

  /** The canonical spelling of a stage name. */
  static String canonical(String stage) {
    if (stage != null) {
      for (String s : ALL) {
        if (s.toLowerCase(Locale.ROOT).equals(stage.toLowerCase(Locale.ROOT))) {
          return s;
        }
      }
    }
    throw CairnException.invalid(
        "Invalid Model Version stage: %s. Value must be one of %s.", stage, String.join(", ", ALL));
  }
}
