package dev.cairn.artifacts.s3;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * s3proxy as a process, for the Python compatibility suite ({@code compat/s3proxy.sh}): serves the
 * directory given as first argument (each subdirectory a bucket; the second argument names one to
 * create), prints its endpoint on stdout, and runs until stdin closes.
 */
public final class S3ProxyMain {
  private S3ProxyMain() {}

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    Files.createDirectories(dir.resolve(args.length > 1 ? args[1] : "bucket"));
    try (S3ProxyServer s3 = new S3ProxyServer(dir)) {
      System.out.println(s3.endpoint());
      System.out.flush();
      while (System.in.read() >= 0) {
        // wait for the parent to close our stdin (or die)
      }
    }
  }
}
