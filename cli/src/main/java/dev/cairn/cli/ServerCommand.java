package dev.cairn.cli;

import dev.cairn.server.CairnServer;
import dev.cairn.store.sql.server.ServerUri;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code cairn server}: the tracking server, with {@code mlflow server}'s flags. */
@Command(
    name = "server",
    usageHelpAutoWidth = true,
    versionProvider = Main.Version.class,
    description = "Run the tracking server (flags as mlflow server).")
class ServerCommand implements Callable<Integer> {
  private static final Logger LOG = LoggerFactory.getLogger(ServerCommand.class);

  // -h is --host here, as in mlflow server: help is --help only.
  @Option(names = "--help", usageHelp = true, description = "Show this help and exit.")
  boolean help;

  @Option(names = "--version", versionHelp = true, description = "Print the version and exit.")
  boolean version;

  @Mixin ServerOptions options = new ServerOptions();

  @Override
  public Integer call() throws Exception {
    var config = options.toConfig();
    CairnServer server = CairnServer.start(config);
    // SIGTERM and Ctrl-C: stop accepting, finish the requests in flight, flush the database, and
    // exit 0 (a clean stop, as a process manager expects), instead of the JVM's 143.
    for (String name : new String[] {"TERM", "INT"}) {
      sun.misc.Signal.handle(
          new sun.misc.Signal(name),
          signal -> {
            LOG.info("SIG{}: finishing the requests in flight, then stopping", name);
            server.close();
          });
    }
    Runtime.getRuntime().addShutdownHook(new Thread(server::close, "cairn-shutdown"));
    LOG.info(
        "Cairn listening at http://{}:{}{} (backend {})",
        config.host(),
        server.port(),
        config.staticPrefix(),
        ServerUri.redact(config.backendStoreUri()));
    server.join();
    server.close(); // waits for a close begun by a signal to finish
    LOG.info("Cairn stopped");
    return 0;
  }
}
