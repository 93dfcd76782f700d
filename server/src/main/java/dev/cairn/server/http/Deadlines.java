package dev.cairn.server.http;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.util.thread.Scheduler;

/**
 * Total deadlines per connection, which an idle timeout cannot give: a client that sends one byte
 * of its headers every few seconds never idles, yet never finishes. A connection is armed with a
 * deadline while it waits for a request's headers (from its start, and again after each answer)
 * and, on request, while a handler reads a buffered body; past the deadline it is closed. A
 * connection has at most one pending check, however many requests it carries.
 */
final class Deadlines implements Connection.Listener {
  private final Scheduler scheduler;
  private final long headerMillis;
  private final Map<Connection, State> states = new ConcurrentHashMap<>();

  Deadlines(Scheduler scheduler, long headerMillis) {
    this.scheduler = scheduler;
    this.headerMillis = headerMillis;
  }

  /** The deadline of one connection; 0 when none is armed. */
  private static final class State {
    long deadline;
    boolean scheduled;
  }

  @Override
  public void onOpened(Connection connection) {
    State state = new State();
    states.put(connection, state);
    arm(connection, headerMillis);
  }

  @Override
  public void onClosed(Connection connection) {
    states.remove(connection);
  }

  /** A request's headers arrived: its handler runs without a deadline unless it arms one. */
  void requestStarted(Connection connection) {
    arm(connection, 0);
  }

  /** The answer was sent: the next request's headers must arrive in time. */
  void requestEnded(Connection connection) {
    arm(connection, headerMillis);
  }

  /** Arms a deadline {@code millis} from now, or disarms with 0. */
  void arm(Connection connection, long millis) {
    State state = states.get(connection);
    if (state == null) {
      return;
    }
    synchronized (state) {
      state.deadline = millis == 0 ? 0 : System.currentTimeMillis() + millis;
      if (millis > 0 && !state.scheduled) {
        state.scheduled = true;
        scheduler.schedule(() -> check(connection, state), millis, TimeUnit.MILLISECONDS);
      }
    }
  }

  private void check(Connection connection, State state) {
    long left;
    synchronized (state) {
      state.scheduled = false;
      if (state.deadline == 0 || states.get(connection) != state) {
        return;
      }
      left = state.deadline - System.currentTimeMillis();
      if (left > 0) {
        state.scheduled = true;
        scheduler.schedule(() -> check(connection, state), left, TimeUnit.MILLISECONDS);
        return;
      }
    }
    connection.getEndPoint().close();
  }
}
