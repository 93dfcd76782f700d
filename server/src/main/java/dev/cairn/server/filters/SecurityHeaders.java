package dev.cairn.server.filters;

import dev.cairn.server.http.HttpResponse;
import dev.cairn.server.routing.Call;
import dev.cairn.server.routing.Filter;
import java.util.Locale;

/**
 * Headers every answer carries, as MLflow 3 sends them: {@code X-Content-Type-Options: nosniff} and
 * {@code X-Frame-Options} ({@code --x-frame-options}, {@code MLFLOW_SERVER_X_FRAME_OPTIONS}: {@code
 * SAMEORIGIN} by default, {@code DENY}, or {@code NONE} for none), so no other site can frame the
 * UI to trick a click.
 */
public final class SecurityHeaders implements Filter {
  private final String frameOptions;

  /**
   * @param frameOptions SAMEORIGIN, DENY or NONE (any case)
   */
  public SecurityHeaders(String frameOptions) {
    String value =
        frameOptions == null ? "SAMEORIGIN" : frameOptions.strip().toUpperCase(Locale.ROOT);
    this.frameOptions = value.equals("NONE") || value.isEmpty() ? null : value;
  }

  @Override
  public HttpResponse apply(Call call, Chain next) throws Exception {
    HttpResponse answer = next.proceed(call).withHeader("X-Content-Type-Options", "nosniff");
    return frameOptions == null ? answer : answer.withHeader("X-Frame-Options", frameOptions);
  }
}
