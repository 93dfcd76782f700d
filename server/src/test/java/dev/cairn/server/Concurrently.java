package dev.cairn.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.server.LiveServer.Answer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;

/** Clients released together, and what their races must end in, for the concurrency tests. */
final class Concurrently {
  private Concurrently() {}

  /** Exactly one answer is 200; every other is a 400 with {@code errorCode}. */
  static void assertOneWinner(List<Answer> answers, String errorCode) {
    assertThat(answers).filteredOn(a -> a.status() == 200).hasSize(1);
    assertThat(answers)
        .filteredOn(a -> a.status() != 200)
        .allSatisfy(
            a -> {
              assertThat(a.status()).as(a.body()).isEqualTo(400);
              assertThat(a.errorCode()).isEqualTo(errorCode);
            });
  }

  /** Runs {@code task(i)} for i in [0, n) on virtual threads released together; all answers. */
  static List<Answer> run(int n, IntFunction<List<Answer>> task) throws Exception {
    CountDownLatch go = new CountDownLatch(1);
    List<Future<List<Answer>>> futures = new ArrayList<>();
    try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int i = 0; i < n; i++) {
        int index = i;
        futures.add(
            threads.submit(
                () -> {
                  go.await();
                  return task.apply(index);
                }));
      }
      go.countDown();
      List<Answer> all = new ArrayList<>();
      for (Future<List<Answer>> f : futures) {
        all.addAll(f.get());
      }
      return all;
    }
  }
}
