package dev.cairn.cli;

import java.io.PrintWriter;
import java.util.Locale;

/**
 * The progress of a long command on stderr: on a terminal a bar redrawn in place (at most every 200
 * ms), otherwise plain lines (one when a step ends, and one per tenth of a long step). A step with
 * nothing to do prints nothing.
 */
final class Progress {
  private static final int WIDTH = 30;
  private final PrintWriter err;
  private final boolean terminal;
  private Step current;

  Progress(PrintWriter err, boolean terminal) {
    this.err = err;
    this.terminal = terminal;
  }

  /** Progress on the process's stderr, as a bar when it is a terminal. */
  static Progress onStderr(PrintWriter err) {
    return new Progress(err, System.console() != null);
  }

  /** Starts a step of {@code total} units (ending the one before). */
  Step step(String label, long total) {
    end();
    current = new Step(label, total);
    return current;
  }

  /** Ends the current step, if any. */
  void end() {
    if (current != null) {
      current.done(current.total);
      current = null;
    }
    err.flush();
  }

  /** One step: rows of a table, deletions, files. */
  final class Step {
    private final String label;
    private final long total;
    private long lastDraw;
    private long lastTenth = -1;
    private boolean ended;

    private Step(String label, long total) {
      this.label = label;
      this.total = total;
    }

    /** {@code done} of the step's units are done. */
    void done(long done) {
      if (ended || total == 0) {
        return;
      }
      boolean last = done >= total;
      long tenth = 10 * Math.min(done, total) / total;
      if (terminal) {
        long now = System.nanoTime();
        if (last || now - lastDraw > 200_000_000L) {
          err.print("\r" + line(done) + (last ? "\n" : ""));
          err.flush();
          lastDraw = now;
        }
      } else if (last || (total >= 10_000 && tenth > lastTenth && tenth > 0)) {
        err.println(line(done));
        lastTenth = tenth;
      }
      ended = last;
    }

    private String line(long done) {
      long d = Math.min(done, total);
      int filled = (int) (WIDTH * d / total);
      return String.format(
          Locale.ROOT,
          "%-32s [%s%s] %3d%% %,d/%,d",
          label,
          "#".repeat(filled),
          ".".repeat(WIDTH - filled),
          100 * d / total,
          d,
          total);
    }
  }
}
