package dev.cairn.cli;

import dev.cairn.server.CairnServer;
import dev.cairn.store.sql.server.ServerUri;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code cairn server}: the tracking server, with {@code mlflow server}'s flags. */
@Command(
    name = "server",
    mixinStandardHelpOptions = true,
    usageHelpAutoWidth = true,
    description = "Run the tracking server (flags as mlflow server).")
class ServerCommand implements Callable<Integer> {
  private static final Logger LOG = LoggerFactory.getLogger(ServerCommand.class);

  @Mixin ServerOptions options = new ServerOptions();

  @Override
  public Integer call() throws Exception {
    var config = options.toConfig();
    CairnServer server = CairnServer.start(config);
    Runtime.getRuntime().addShutdownHook(new Thread(server::close, "cairn-shutdown"));
    LOG.info(
        "Cairn listening at http://{}:{}{} (backend {})",
        config.host(),
        server.port(),
        config.staticPrefix(),
        ServerUri.redact(config.backendStoreUri()));
    server.join();
    return 0;
  }
}
