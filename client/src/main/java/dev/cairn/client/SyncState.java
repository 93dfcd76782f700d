package dev.cairn.client;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Properties;

/**
 * How far one offline run got in a sync to one server: {@code cairn-sync-<hash of the
 * URI>.properties} in the run's folder, rewritten atomically after every step.
 */
final class SyncState {
  private final Path file;
  private final Properties values = new Properties();

  private SyncState(Path file) {
    this.file = file;
  }

  static SyncState load(Path runDir, String targetUri) {
    SyncState s = new SyncState(runDir.resolve("cairn-sync-" + hash(targetUri) + ".properties"));
    if (Files.isRegularFile(s.file)) {
      try (InputStream in = Files.newInputStream(s.file)) {
        s.values.load(in);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return s;
  }

  String remoteRunId() {
    return values.getProperty("remote");
  }

  boolean done() {
    return "true".equals(values.getProperty("done"));
  }

  boolean flag(String key) {
    return values.getProperty(key) != null;
  }

  String get(String key) {
    return values.getProperty(key);
  }

  int count(String key) {
    return Integer.parseInt(values.getProperty(key, "0"));
  }

  void set(String key, String value) {
    values.setProperty(key, value);
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    try (OutputStream out = Files.newOutputStream(tmp)) {
      values.store(out, "cairn sync progress");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    try {
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String hash(String uri) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(uri.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(d, 0, 6);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
