package dev.cairn.server;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Requests no well-behaved client sends (any Host, no Host, huge request lines, slow bytes) over a
 * plain socket, and the answer as the server wrote it.
 */
final class RawHttp {
  private RawHttp() {}

  /** An answer: status, headers (names in lower case) and body text. */
  record Reply(int status, Map<String, String> headers, String body) {
    String header(String name) {
      return headers.get(name.toLowerCase(Locale.ROOT));
    }
  }

  /**
   * Sends {@code requestLine} with {@code headers} (no Host is added) and {@code Connection:
   * close}, then {@code body}, and reads the answer until the server closes.
   */
  static Reply send(LiveServer server, String requestLine, List<String> headers, byte[] body)
      throws IOException {
    URI base = URI.create(server.baseUrl());
    try (Socket socket = new Socket(base.getHost(), base.getPort())) {
      socket.setSoTimeout(15_000);
      StringBuilder head = new StringBuilder(requestLine).append("\r\n");
      headers.forEach(h -> head.append(h).append("\r\n"));
      head.append("Connection: close\r\n\r\n");
      OutputStream out = socket.getOutputStream();
      out.write(head.toString().getBytes(StandardCharsets.UTF_8));
      try {
        out.write(body);
        out.flush();
      } catch (IOException closedEarly) {
        // the server may answer and close before reading the whole body; its answer counts
      }
      return read(socket.getInputStream());
    }
  }

  static Reply get(LiveServer server, String path, String... headers) throws IOException {
    return send(server, "GET " + path + " HTTP/1.1", List.of(headers), new byte[0]);
  }

  /** Reads one answer to the end of the connection. */
  static Reply read(InputStream in) throws IOException {
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    try {
      in.transferTo(buffer);
    } catch (IOException reset) {
      // what arrived before a reset is the answer
    }
    String text = buffer.toString(StandardCharsets.UTF_8);
    int end = text.indexOf("\r\n\r\n");
    if (end < 0) {
      throw new IOException("no complete answer: '" + text + "'");
    }
    String[] lines = text.substring(0, end).split("\r\n");
    Map<String, String> headers = new LinkedHashMap<>();
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      headers.merge(
          lines[i].substring(0, colon).strip().toLowerCase(Locale.ROOT),
          lines[i].substring(colon + 1).strip(),
          (a, b) -> a + ", " + b);
    }
    String body = text.substring(end + 4);
    if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
      body = unchunk(body);
    }
    return new Reply(Integer.parseInt(lines[0].split(" ")[1]), headers, body);
  }

  private static String unchunk(String body) {
    StringBuilder out = new StringBuilder();
    int i = 0;
    while (i < body.length()) {
      int eol = body.indexOf("\r\n", i);
      int size = Integer.parseInt(body.substring(i, eol).split(";")[0].strip(), 16);
      if (size == 0) {
        break;
      }
      out.append(body, eol + 2, eol + 2 + size);
      i = eol + 2 + size + 2;
    }
    return out.toString();
  }
}
