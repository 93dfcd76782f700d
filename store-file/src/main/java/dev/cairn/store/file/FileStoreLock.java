package dev.cairn.store.file;

import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;

/**
 * Serialises the writes of one process to a file store folder: a write (which may touch several
 * files) is never interleaved with another write or with a read. Reads run together.
 */
final class FileStoreLock {
  private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock(true);

  <T> T read(Supplier<T> work) {
    lock.readLock().lock();
    try {
      return work.get();
    } finally {
      lock.readLock().unlock();
    }
  }

  <T> T write(Supplier<T> work) {
    lock.writeLock().lock();
    try {
      return work.get();
    } finally {
      lock.writeLock().unlock();
    }
  }

  void write(Runnable work) {
    write(
        () -> {
          work.run();
          return null;
        });
  }
}
