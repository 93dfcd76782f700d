package dev.cairn.core.artifacts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.api.ErrorCode;
import dev.cairn.core.CairnException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Experiment artifact_location rules: the corpus of security-and-durability.md §1.5 B. */
class ArtifactLocationsTest {
  private final ArtifactLocations proxying =
      new ArtifactLocations("mlflow-artifacts:/", "/srv/mlartifacts");
  private final ArtifactLocations local = new ArtifactLocations("/srv/mlruns", null);
  private final ArtifactLocations http =
      new ArtifactLocations("https://files.example.com/root", null);

  @ParameterizedTest
  @ValueSource(
      strings = {
        "http:///#/../../etc/",
        "http://host#/../../etc/",
        "http://host/;..%2F..%2Fetc",
        "http:///?/../../../etc/",
        "file:///etc",
        "/etc",
        "http://169.254.169.254/latest/meta-data/",
        "https://trusted@evil.example.org/",
        "runs:/abc/model",
        "/srv/mlartifacts/../etc",
        "s3://bucket/x#frag",
        // The HTTP-edge issue's list: never served safely, refused when stored.
        "s3://169.254.169.254/x",
        "s3://bucket@evil.example/x",
        "s3://bucket:9000/x",
        "gs://10.0.0.1/x",
        "gopher://evil.example/x",
        "jar:file:/srv/mlartifacts/a.jar!/",
        "javascript:alert(1)",
        "mlflow-artifacts:/../../../tmp/x",
        "mlflow-artifacts:/team/%2e%2e/%2e%2e/x",
        "mlflow-artifacts://127.0.0.1:22/x",
        "mlflow-artifacts://other.example:5000/x",
        "https://[::ffff:169.254.169.254]/x",
        "ftp://127.0.0.1/x"
      })
  void hostileLocationsAreInvalid(String location) {
    assertThatThrownBy(() -> proxying.check(location))
        .isInstanceOfSatisfying(
            CairnException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_PARAMETER_VALUE));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "s3://bucket/some/where",
        "dbfs:/",
        "gs://b/p",
        "s3://my.bucket-2/team",
        "wasbs://container@account.blob.core.windows.net/path",
        "hdfs://namenode:8020/mlflow",
        "mlflow-artifacts:/team/x",
        "/srv/mlartifacts/team",
        "file:///srv/mlartifacts/team"
      })
  void ordinaryLocationsAreAccepted(String location) {
    assertThatCode(() -> proxying.check(location)).doesNotThrowAnyException();
  }

  @ParameterizedTest
  @ValueSource(strings = {"/srv/mlruns/exp1", "file:///srv/mlruns/exp2/sub"})
  void localRootAcceptsItsOwnSubdirectories(String location) {
    assertThatCode(() -> local.check(location)).doesNotThrowAnyException();
  }

  @ParameterizedTest
  @ValueSource(strings = {"/srv/other", "/srv/mlruns-evil/x", "file:///tmp"})
  void localRootRefusesOtherDirectories(String location) {
    assertThatThrownBy(() -> local.check(location)).isInstanceOf(CairnException.class);
  }

  @ParameterizedTest
  @ValueSource(strings = {"https://files.example.com/root/exp", "https://FILES.example.com/other"})
  void httpRootAcceptsItsOwnHost(String location) {
    assertThatCode(() -> http.check(location)).doesNotThrowAnyException();
  }

  @ParameterizedTest
  @ValueSource(strings = {"https://evil.example.com/root", "http://files.example.com/root"})
  void httpRootRefusesOtherHostsAndSchemes(String location) {
    assertThatThrownBy(() -> http.check(location)).isInstanceOf(CairnException.class);
  }
}
