package dev.cairn.client;

import dev.cairn.server.CairnServer;
import dev.cairn.server.EdgeSettings;
import dev.cairn.server.ServerConfig;
import java.nio.file.Path;
import java.util.Map;

/**
 * A Cairn server for {@link KilledServerIT} to run as its own process: {@code ServerProcessMain DIR
 * PORT} serves {@code DIR/mlflow.db} on the loopback port until the process is killed.
 */
public final class ServerProcessMain {
  private ServerProcessMain() {}

  public static void main(String[] args) throws InterruptedException {
    Path dir = Path.of(args[0]);
    CairnServer.start(
        new ServerConfig(
            "sqlite:///" + dir.resolve("mlflow.db").toAbsolutePath(),
            null,
            "127.0.0.1",
            Integer.parseInt(args[1]),
            "",
            true,
            dir.resolve("mlartifacts").toString(),
            false,
            Map.of(),
            EdgeSettings.defaults()));
    Thread.sleep(Long.MAX_VALUE);
  }
}
