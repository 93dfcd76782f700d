package dev.cairn.core.registry;

import dev.cairn.api.model.Tag;
import dev.cairn.core.CairnException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * MLflow's prompts are registered models and versions marked by tags: a registered model whose
 * {@code mlflow.prompt.is_prompt} tag is {@code true} is a prompt, a version's text is its {@code
 * mlflow.prompt.text} tag. Their webhooks are PROMPT_* events, and a prompt version's source must
 * be one of MLflow's placeholders (prompts keep no files).
 */
public final class Prompts {
  static final String IS_PROMPT = "mlflow.prompt.is_prompt";
  static final String TEXT = "mlflow.prompt.text";
  static final String TYPE = "_mlflow_prompt_type";
  private static final Set<String> SOURCE_PLACEHOLDERS = Set.of("dummy-source", "prompt-template");

  private Prompts() {}

  /** As MLflow's {@code _is_prompt_request}: the last value of the marker tag wins. */
  public static boolean marked(List<Tag> tags) {
    String value = "false";
    for (Tag t : tags) {
      if (t.key().equals(IS_PROMPT) && t.value() != null) {
        value = t.value();
      }
    }
    return value.toLowerCase(Locale.ROOT).equals("true");
  }

  static void checkSource(String source) {
    if (!SOURCE_PLACEHOLDERS.contains(source)) {
      throw CairnException.invalid(
          "Invalid prompt source: '%s'. Prompt sources must use an MLflow placeholder.", source);
    }
  }

  /** The tags a prompt webhook shows: without the marker, the type and the text. */
  static Map<String, String> publicTags(List<Tag> tags) {
    Map<String, String> out = new LinkedHashMap<>();
    for (Tag t : tags) {
      if (!t.key().equals(IS_PROMPT) && !t.key().equals(TYPE) && !t.key().equals(TEXT)) {
        out.put(t.key(), t.value());
      }
    }
    return out;
  }

  /** The version's prompt text, or null. */
  static String text(List<Tag> tags) {
    String text = null;
    for (Tag t : tags) {
      if (t.key().equals(TEXT)) {
        text = t.value();
      }
    }
    return text;
  }
}
