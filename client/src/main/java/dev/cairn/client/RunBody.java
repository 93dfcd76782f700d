package dev.cairn.client;

/** The code tracked by {@link Tracker#run(String, RunBody)}. */
@FunctionalInterface
public interface RunBody {
  void accept(Run run) throws Exception;
}
