/*
 * Logs N metric points (default 1,000,000: 10 keys x 100,000 steps) into one run through RestTracker and prints
 * one JSON line: wall seconds, points/s, and the JVM's heap (peak used, sampled every 50 ms; max). bench/client_ingest.py
 * runs it beside the Python client's log_batch loop:
 *
 *   MLFLOW_TRACKING_URI=http://127.0.0.1:5000 java -cp cli/target/cairn.jar client/examples/IngestBenchmark.java 1000000
 */
import dev.cairn.client.Run;
import dev.cairn.client.Tracker;
import dev.cairn.client.Trackers;
import java.lang.management.ManagementFactory;
import java.util.concurrent.atomic.AtomicLong;

public class IngestBenchmark {
  public static void main(String[] args) throws Exception {
    long points = args.length > 0 ? Long.parseLong(args[0]) : 1_000_000;
    AtomicLong peak = new AtomicLong();
    Thread sampler =
        Thread.ofPlatform()
            .daemon()
            .start(
                () -> {
                  var heap = ManagementFactory.getMemoryMXBean();
                  while (true) {
                    peak.accumulateAndGet(heap.getHeapMemoryUsage().getUsed(), Math::max);
                    try {
                      Thread.sleep(50);
                    } catch (InterruptedException e) {
                      return;
                    }
                  }
                });
    long t0 = System.nanoTime();
    String runId;
    try (Tracker tracker = Trackers.fromEnvironment();
        Run run = tracker.startRun("java-ingest")) {
      runId = run.id();
      long steps = points / 10;
      long now = System.currentTimeMillis();
      for (long step = 0; step < steps; step++) {
        for (int k = 0; k < 10; k++) {
          run.logMetric("m" + k, step * 0.001 + k, step, now);
        }
      }
    }
    double wall = (System.nanoTime() - t0) / 1e9;
    sampler.interrupt();
    System.out.printf(
        "{\"run_id\": \"%s\", \"points\": %d, \"wall_s\": %.3f, \"points_per_s\": %.1f, \"heap_peak_mb\": %.1f,"
            + " \"heap_max_mb\": %.1f}%n",
        runId,
        points,
        wall,
        points / wall,
        peak.get() / 1048576.0,
        Runtime.getRuntime().maxMemory() / 1048576.0);
  }
}
