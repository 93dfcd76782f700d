package dev.cairn.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/** The command line explains itself: help everywhere, the version, suggestions, progress. */
class CliTest {
  @TempDir Path dir;

  record Outcome(int code, String out, String err) {}

  static Outcome run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
    return new Outcome(code, out.toString(), err.toString());
  }

  private static void commands(CommandLine cli, List<CommandLine> out) {
    out.add(cli);
    cli.getSubcommands().values().forEach(c -> commands(c, out));
  }

  @Test
  void everyCommandAnswersHelpWithItsFlagsDefaultsAndVariables() {
    List<CommandLine> all = new ArrayList<>();
    commands(new CommandLine(new Main()), all);
    assertThat(all).hasSizeGreaterThanOrEqualTo(8);
    for (CommandLine c : all) {
      CommandSpec spec = c.getCommandSpec();
      if (spec.name().equals("help")) {
        continue;
      }
      String[] path = spec.qualifiedName(" ").replaceFirst("^cairn ?", "").split(" ");
      List<String> args = new ArrayList<>(path[0].isEmpty() ? List.of() : List.of(path));
      args.add("--help");
      Outcome o = run(args.toArray(String[]::new));
      assertThat(o.code()).as(spec.qualifiedName()).isZero();
      assertThat(o.out()).as(spec.qualifiedName()).startsWith("Usage: " + spec.qualifiedName());
      for (OptionSpec option : spec.options()) {
        String name = option.longestName();
        String shown = option.negatable() ? "--[no-]" + name.substring(2) : name;
        assertThat(o.out()).as(spec.qualifiedName()).contains(shown);
        String fallback = option.defaultValue();
        if (fallback != null && fallback.startsWith("${env:")) {
          String variable = fallback.substring(6).split("[:}]")[0];
          assertThat(o.out()).as(option.longestName()).contains("[env: " + variable + "]");
        }
      }
    }
  }

  @Test
  void helpIsAlsoACommand() {
    Outcome o = run("help", "server");
    assertThat(o.code()).isZero();
    assertThat(o.out()).startsWith("Usage: cairn server").contains("--allowed-hosts");
  }

  @Test
  void theVersionIsTheBuildsAndNamesTheApiAndSchemaServed() {
    for (String[] args : new String[][] {{"--version"}, {"server", "--version"}}) {
      Outcome o = run(args);
      assertThat(o.code()).isZero();
      assertThat(o.out())
          .containsPattern("cairn \\d+\\.\\d+\\.\\d+")
          .doesNotContain("${")
          .contains("MLflow 3.17.2")
          .contains("dc11669786a5");
    }
  }

  @Test
  void aMistypedCommandOrOptionSuggestsTheClosestOne() {
    Outcome command = run("serve");
    assertThat(command.code()).isEqualTo(2);
    assertThat(command.err()).contains("Did you mean: cairn server?");
    Outcome option = run("server", "--hots", "0.0.0.0");
    assertThat(option.code()).isEqualTo(2);
    assertThat(option.err()).contains("--host");
  }

  @Test
  void upgradingAMissingSqliteFileSaysSoAndCreatesNothing() {
    Path missing = dir.resolve("nothere.db");
    Outcome o = run("db", "upgrade", "sqlite:///" + missing);
    assertThat(o.code()).isEqualTo(1);
    assertThat(o.err().strip()).isEqualTo("cairn: error: no such file: " + missing);
    assertThat(missing).doesNotExist();
  }

  @Test
  void aBackupIsAWholeCopyAndOtherDatabasesAreSentToTheirTool() throws Exception {
    Path db = dir.resolve("mlflow.db");
    try (ServerProcess server = ServerProcess.onSqlite(dir)) {
      for (int i = 0; i < 5; i++) {
        server.post("runs/create", "{}");
      }
      Outcome o = run("db", "backup", "sqlite:///" + db, dir.resolve("copy.db").toString());
      assertThat(o.code()).as(o.err()).isZero();
      assertThat(o.out()).startsWith("Backed up ");
    }
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("copy.db"));
        ResultSet r = c.createStatement().executeQuery("SELECT COUNT(*) FROM runs")) {
      assertThat(r.getInt(1)).isEqualTo(5);
    }
    assertThat(dir.resolve("copy.db-wal")).doesNotExist();
    assertThat(run("db", "backup", "sqlite:///" + db, dir.resolve("copy.db").toString()).err())
        .contains("already exists");
    Outcome pg = run("db", "backup", "postgresql://u@localhost/mlflow", "x.dump");
    assertThat(pg.code()).isEqualTo(1);
    assertThat(pg.err()).contains("pg_dump");
  }

  @Test
  void importPrintsOneLinePerTableWithRowsAndNothingForEmptyOnes() throws Exception {
    Path source = dir.resolve("src");
    Files.createDirectories(source);
    try (ServerProcess server = ServerProcess.onSqlite(source)) {
      String run = server.post("runs/create", "{}").at("/run/info/run_id").asText();
      server.post(
          "runs/log-batch",
          "{\"run_id\":\""
              + run
              + "\",\"params\":[{\"key\":\"p\",\"value\":\"1\"}],\"metrics\":[{\"key\":\"m\",\"value\":1,"
              + "\"timestamp\":1,\"step\":0}]}");
    }
    Outcome o =
        run(
            "import",
            "--from",
            "sqlite:///" + source.resolve("mlflow.db"),
            "--to",
            "sqlite:///" + dir.resolve("target.db"));
    assertThat(o.code()).as(o.err()).isZero();
    List<String> lines = o.err().lines().toList();
    assertThat(lines).noneMatch(l -> l.contains(" 0/0"));
    assertThat(lines).filteredOn(l -> l.startsWith("runs ")).hasSize(1);
    assertThat(lines).filteredOn(l -> l.startsWith("metrics ")).hasSize(1);
    assertThat(lines).filteredOn(l -> l.startsWith("params ")).hasSize(1);
    assertThat(lines).hasSizeLessThan(20);
  }

  @Test
  void gcSaysHowFarItIs() throws Exception {
    String run;
    try (ServerProcess server = ServerProcess.onSqlite(dir)) {
      run = server.post("runs/create", "{}").at("/run/info/run_id").asText();
      server.post("runs/delete", "{\"run_id\":\"" + run + "\"}");
    }
    Outcome o =
        run(
            "gc",
            "--backend-store-uri",
            "sqlite:///" + dir.resolve("mlflow.db"),
            "--artifacts-destination",
            dir.resolve("mlartifacts").toString());
    assertThat(o.code()).as(o.err()).isZero();
    assertThat(o.out()).contains("Run with ID " + run + " has been permanently deleted.");
    assertThat(o.err()).contains("permanent deletions").contains("100% 1/1");
  }

  @Test
  void jsonLogsAreOneObjectPerLine() throws Exception {
    try (ServerProcess server =
        ServerProcess.start(
            dir,
            java.util.Map.of("CAIRN_LOG_FORMAT", "json"),
            "--backend-store-uri",
            "sqlite:///" + dir.resolve("mlflow.db"))) {
      server.post("runs/create", "{}");
    }
    List<String> lines = Files.readAllLines(dir.resolve("server.log"));
    var json = new com.fasterxml.jackson.databind.ObjectMapper();
    List<String> messages = new ArrayList<>();
    for (String line : lines) {
      messages.add(json.readTree(line).path("formattedMessage").asText());
    }
    assertThat(messages).anyMatch(m -> m.startsWith("Cairn listening at http://"));
    assertThat(messages).anyMatch(m -> m.contains("\"POST /api/2.0/mlflow/runs/create\" 200"));
  }
}
