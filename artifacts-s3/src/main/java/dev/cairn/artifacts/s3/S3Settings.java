package dev.cairn.artifacts.s3;

import java.net.URI;
import java.util.Map;

/**
 * S3 connection settings from the variables MLflow users already set for boto3: {@code
 * MLFLOW_S3_ENDPOINT_URL} (an S3-compatible server, addressed path-style), {@code
 * AWS_ACCESS_KEY_ID}/{@code AWS_SECRET_ACCESS_KEY}/{@code AWS_SESSION_TOKEN} (else the SDK's
 * default chain: profiles, instance roles), {@code AWS_DEFAULT_REGION} or {@code AWS_REGION}.
 */
record S3Settings(
    URI endpoint, String region, String accessKey, String secretKey, String sessionToken) {

  static S3Settings from(Map<String, String> env) {
    String endpoint = blankToNull(env.get("MLFLOW_S3_ENDPOINT_URL"));
    String region =
        firstNonBlank(env.get("AWS_DEFAULT_REGION"), env.get("AWS_REGION"), "us-east-1");
    String key = blankToNull(env.get("AWS_ACCESS_KEY_ID"));
    String secret = blankToNull(env.get("AWS_SECRET_ACCESS_KEY"));
    if ((key == null) != (secret == null)) {
      throw new IllegalArgumentException(
          "AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY must be set together");
    }
    URI uri = null;
    if (endpoint != null) {
      uri = URI.create(endpoint);
      if (uri.getScheme() == null || uri.getHost() == null) {
        throw new IllegalArgumentException(
            "MLFLOW_S3_ENDPOINT_URL must be a URL such as http://host:9000, got '"
                + endpoint
                + "'");
      }
    }
    return new S3Settings(uri, region, key, secret, blankToNull(env.get("AWS_SESSION_TOKEN")));
  }

  private static String firstNonBlank(String... values) {
    for (String v : values) {
      if (blankToNull(v) != null) {
        return v.strip();
      }
    }
    return null;
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.strip();
  }
}
