/*
 * A training loop tracked with the Cairn Java SDK, runnable without a build tool:
 *
 *   MLFLOW_TRACKING_URI=http://localhost:5000 MLFLOW_EXPERIMENT_NAME=demo \
 *     java -cp cli/target/cairn.jar client/examples/TrainingScenario.java
 *
 * With MLFLOW_TRACKING_URI=file:./offline it writes offline; upload later with
 * `bin/cairn sync ./offline --to http://localhost:5000`. Prints what it created as one JSON line.
 */
import dev.cairn.client.CairnClient;
import dev.cairn.client.Run;
import dev.cairn.client.Tracker;
import dev.cairn.client.Trackers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

public class TrainingScenario {
  public static void main(String[] args) throws Exception {
    Map<String, Object> config =
        Map.of(
            "model", Map.of("encoder", "resnet34", "depth", 4),
            "optimizer", Map.of("name", "adam", "lr", 0.001));
    List<String> children = new ArrayList<>();
    String parentId;
    String modelId = null;
    boolean online = System.getenv("MLFLOW_TRACKING_URI").startsWith("http");
    try (Tracker tracker = Trackers.fromEnvironment();
        Run run = tracker.startRun("java-baseline")) {
      parentId = run.id();
      run.logParams(config); // model.encoder=resnet34, optimizer.lr=0.001, ...
      run.setTag("framework", "djl");
      for (int epoch = 0; epoch < 5; epoch++) {
        run.logMetrics(Map.of("train_loss", 1.0 / (epoch + 1), "val_acc", 0.5 + epoch / 10.0), epoch);
      }
      for (double lr : new double[] {0.1, 0.01}) {
        try (Run trial = run.child("lr=" + lr)) {
          trial.logParam("lr", String.valueOf(lr));
          trial.logMetric("val_acc", 1 - lr, 0);
          children.add(trial.id());
        }
      }
      run.logText("epochs: 5\n", "reports/summary.txt");
      run.logJson(Map.of("val_acc", 0.9), "reports/final.json");
      Path model = Files.createTempDirectory("model");
      Files.writeString(model.resolve("weights.bin"), "0123456789");
      modelId = run.logModel(model, "classifier");
      run.registerModel(modelId, System.getenv("MLFLOW_EXPERIMENT_NAME") + "-model");
    }
    if (online) {
      try (CairnClient client = CairnClient.fromEnvironment()) {
        client.setModelAlias(System.getenv("MLFLOW_EXPERIMENT_NAME") + "-model", "champion", "1");
      }
    }
    System.out.printf(
        "{\"run_id\": \"%s\", \"children\": [\"%s\"], \"model_id\": \"%s\"}%n",
        parentId, String.join("\", \"", children), modelId);
  }
}
