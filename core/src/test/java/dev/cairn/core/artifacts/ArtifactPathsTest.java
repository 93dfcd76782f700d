package dev.cairn.core.artifacts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.api.ErrorCode;
import dev.cairn.core.CairnException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The hostile-path corpus of security-and-durability.md §1.5 A, and what must stay accepted. */
class ArtifactPathsTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "/path",
        "../path",
        "../../path",
        "./../path",
        "path/../to/file",
        "path/../../to/file",
        "file://a#/..//tmp",
        "file://a%23/..//tmp/",
        "/etc/passwd",
        "/etc/passwd%00.jpg",
        "/etc/passwd%00.html",
        "/etc/passwd%00.txt",
        "/etc/passwd%00.php",
        "/etc/passwd%00.asp",
        "/file://etc/passwd",
        "%2E%2E%2Fpath",
        "%2E%2E%2F%2E%2E%2Fpath",
        "%252E%252E%252F%252E%252E%252Fetc%252fpasswd",
        "%2%0952e%2%0952e/%2%0A52e%2%0A52e/path",
        "..\\path",
        "path\\..\\to",
        "C:path",
        "C:\\path",
        "C:/path",
        "\\\\server\\share",
        "\\\\?\\C:\\x",
        "\\\\.\\C:\\x",
        "file:///C:/Windows",
        "file:///etc/passwd",
        "a/..",
        "..",
        "a#b",
        "/.",
        "%25%32%45%25%32%45/x"
      })
  void hostilePathIsInvalid(String raw) {
    assertThatThrownBy(() -> ArtifactPaths.relative(raw))
        .isInstanceOfSatisfying(
            CairnException.class,
            e -> {
              assertThat(e.code()).isEqualTo(ErrorCode.INVALID_PARAMETER_VALUE);
              assertThat(e.getMessage()).isEqualTo("Invalid path");
            });
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "path|path",
        "path/|path",
        "path/to/file|path/to/file",
        "dog%step%100%timestamp%100|dog%step%100%timestamp%100",
        "dog+step+100+timestamp+100|dog+step+100+timestamp+100",
        "a//b/./c|a/b/c",
        "model/MLmodel|model/MLmodel",
        "with space/x.txt|with space/x.txt",
        "a%20b|a b",
        "..a/b..|..a/b.."
      })
  void safePathIsKeptNormalised(String raw, String expected) {
    assertThat(ArtifactPaths.relative(raw)).isEqualTo(expected);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", ".", "./", "./."})
  void emptyOrDotMeansTheRoot(String raw) {
    assertThat(ArtifactPaths.relative(raw)).isEmpty();
  }
}
