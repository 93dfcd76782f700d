package dev.cairn.cli;

import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.cairn.api.WireJson;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * How the client commands print what they read: {@code json} is the API's own shape (MLflow's
 * snake_case wire records, a JSON array for lists), {@code table} and {@code csv} a few columns
 * picked per command.
 */
enum OutputFormat {
  TABLE,
  JSON,
  CSV;

  private static final JsonMapper JSON_OUT = WireJson.newMapper();

  /** Prints {@code rows} with the named columns ({@code table}, {@code csv}) or as JSON. */
  <T> void print(
      PrintWriter out, List<T> rows, Map<String, Function<T, Object>> columns, Object json) {
    switch (this) {
      case JSON -> printJson(out, json);
      case CSV -> {
        out.println(String.join(",", columns.keySet()));
        for (T row : rows) {
          List<String> cells = new ArrayList<>();
          columns.values().forEach(c -> cells.add(csv(text(c.apply(row)))));
          out.println(String.join(",", cells));
        }
      }
      case TABLE -> table(out, rows, columns);
    }
    out.flush();
  }

  static void printJson(PrintWriter out, Object value) {
    try {
      out.println(
          JSON_OUT.writer().with(SerializationFeature.INDENT_OUTPUT).writeValueAsString(value));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static <T> void table(
      PrintWriter out, List<T> rows, Map<String, Function<T, Object>> cols) {
    List<String> names = new ArrayList<>(cols.keySet());
    List<List<String>> cells = new ArrayList<>();
    int[] width = names.stream().mapToInt(String::length).toArray();
    for (T row : rows) {
      List<String> line = new ArrayList<>();
      int i = 0;
      for (Function<T, Object> c : cols.values()) {
        String t = text(c.apply(row));
        width[i] = Math.max(width[i], t.length());
        line.add(t);
        i++;
      }
      cells.add(line);
    }
    out.println(pad(names, width));
    for (List<String> line : cells) {
      out.println(pad(line, width));
    }
  }

  private static String pad(List<String> cells, int[] width) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < cells.size(); i++) {
      if (i > 0) b.append("  ");
      b.append(
          i == cells.size() - 1
              ? cells.get(i)
              : String.format("%-" + width[i] + "s", cells.get(i)));
    }
    return b.toString().stripTrailing();
  }

  private static String text(Object v) {
    return v == null ? "" : String.valueOf(v);
  }

  private static String csv(String s) {
    return s.contains(",") || s.contains("\"") || s.contains("\n")
        ? "\"" + s.replace("\"", "\"\"") + "\""
        : s;
  }

  /** Ordered column map, for readability at the call sites. */
  static <T> Map<String, Function<T, Object>> columns() {
    return new LinkedHashMap<>();
  }
}
