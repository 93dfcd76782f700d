package dev.cairn.server;

import dev.cairn.api.ErrorCode;
import dev.cairn.core.CairnException;
import dev.cairn.core.artifacts.ArtifactEntry;
import dev.cairn.core.artifacts.ArtifactService;
import dev.cairn.core.artifacts.ArtifactStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Cairn's folder download for the UI (MLflow's UI has none): a directory of a run's artifacts, or
 * all of them, streamed as one zip file while it is read from the store.
 */
final class ArtifactZip {
  static final Pattern PATH =
      Pattern.compile("^/(?:api|ajax-api)/2\\.0/cairn/artifacts/download-zip$");

  private final ArtifactService artifacts;

  ArtifactZip(ArtifactService artifacts) {
    this.artifacts = artifacts;
  }

  RawExchange.Answer answer(RawExchange ex) throws IOException {
    String runId = RawExchange.first(ex.query(), "run_id");
    if (runId == null || runId.isEmpty()) {
      throw CairnException.invalid("Missing value for required parameter 'run_id'.");
    }
    String path = RawExchange.first(ex.query(), "path");
    ArtifactService.Located dir = artifacts.runArtifact(runId, path == null ? "" : path);
    ArtifactStore store = dir.store();
    ArtifactEntry entry = dir.path().isEmpty() ? null : store.stat(dir.path());
    if (!dir.path().isEmpty() && (entry == null || !entry.isDir())) {
      throw new CairnException(
          ErrorCode.RESOURCE_DOES_NOT_EXIST,
          "No artifact directory '" + path + "' in run '" + runId + "'.");
    }
    String name = path == null || path.isEmpty() ? runId : path.replaceAll("^.*/", "");
    String fileName = name.replaceAll("[^A-Za-z0-9._-]", "_") + ".zip";
    return new RawExchange.Answer(
        200,
        Map.of(
            "Content-Type",
            "application/zip",
            "Content-Disposition",
            "attachment; filename=\"" + fileName + "\""),
        out -> {
          try (ZipOutputStream zip = new ZipOutputStream(new NoClose(out))) {
            add(zip, store, dir.path(), dir.path());
          }
        });
  }

  private static void add(ZipOutputStream zip, ArtifactStore store, String root, String dir)
      throws IOException {
    int strip = root.isEmpty() ? 0 : root.length() + 1;
    for (ArtifactEntry e : store.list(dir)) {
      if (e.path().equals(dir)) {
        continue;
      }
      if (e.isDir()) {
        add(zip, store, root, e.path());
        continue;
      }
      zip.putNextEntry(new ZipEntry(e.path().substring(strip)));
      try (InputStream in = store.read(e.path(), 0)) {
        in.transferTo(zip);
      }
      zip.closeEntry();
    }
  }

  /** Lets the zip finish its central directory without closing the response stream under it. */
  private static final class NoClose extends java.io.FilterOutputStream {
    NoClose(OutputStream out) {
      super(out);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
    }

    @Override
    public void close() throws IOException {
      flush();
    }
  }
}
