package dev.cairn.artifacts.s3;

import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobStore;

/** A real S3-compatible server (s3proxy) in this JVM, on a free loopback port, over a directory. */
final class S3ProxyServer implements AutoCloseable {
  static final String ACCESS = "access";
  static final String SECRET = "secret-key";
  private final S3Proxy proxy;

  S3ProxyServer(Path dir) throws Exception {
    proxy =
        S3Proxy.builder()
            .blobStore(new FilesystemNio2BlobStore(dir.toString()))
            .endpoint(URI.create("http://127.0.0.1:0"))
            .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS, SECRET)
            .build();
    proxy.start();
    while (!proxy.getState().equals("STARTED")) {
      Thread.sleep(10);
    }
  }

  String endpoint() {
    return "http://127.0.0.1:" + proxy.getPort();
  }

  /** The settings a Cairn server would get from the environment. */
  Map<String, String> environment() {
    return Map.of(
        "MLFLOW_S3_ENDPOINT_URL", endpoint(),
        "AWS_ACCESS_KEY_ID", ACCESS,
        "AWS_SECRET_ACCESS_KEY", SECRET);
  }

  @Override
  public void close() throws Exception {
    proxy.stop();
  }
}
