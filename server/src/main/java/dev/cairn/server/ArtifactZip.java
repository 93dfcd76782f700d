package dev.cairn.server;

import dev.cairn.core.artifacts.ArtifactEntry;
import dev.cairn.core.artifacts.ArtifactFolder;
import dev.cairn.server.http.HttpResponse;
import dev.cairn.server.metrics.ArtifactTraffic;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Cairn's folder download for the UI (MLflow's UI has none): a folder of a run's artifacts, or all
 * of them, streamed as one zip file. The folder is listed whole before the answer starts; if a file
 * then cannot be read, the zip is left unfinished and the connection cut, so a client never takes a
 * truncated folder for a complete one.
 */
final class ArtifactZip {
  private ArtifactZip() {}

  static HttpResponse send(
      ArtifactTraffic traffic, ArtifactFolder folder, String runId, String path) {
    String name = path == null || path.isEmpty() ? runId : path.replaceAll("^.*/", "");
    String fileName = name.replaceAll("[^A-Za-z0-9._-]", "_") + ".zip";
    return new HttpResponse(
        200,
        Map.of(
            "Content-Type",
            "application/zip",
            "Content-Disposition",
            "attachment; filename=\"" + fileName + "\""),
        out -> write(traffic, folder, out));
  }

  private static void write(ArtifactTraffic traffic, ArtifactFolder folder, OutputStream out)
      throws IOException {
    ZipOutputStream zip = new ZipOutputStream(new NoClose(out));
    for (ArtifactEntry file : folder.files()) {
      zip.putNextEntry(new ZipEntry(folder.relative(file)));
      try (InputStream in = folder.store().read(file.path(), 0)) {
        traffic.sent(in.transferTo(zip));
      }
      zip.closeEntry();
    }
    // Only a complete walk finishes the zip (its central directory): on failure above, the
    // exception leaves it unfinished.
    zip.finish();
    zip.flush();
  }

  /** Lets the zip finish without closing the response stream under it. */
  private static final class NoClose extends FilterOutputStream {
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
