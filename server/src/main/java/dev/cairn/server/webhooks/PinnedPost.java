package dev.cairn.server.webhooks;

import dev.cairn.core.net.IpAddresses;
import dev.cairn.core.webhooks.WebhookUrls.Target;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * One HTTP/1.1 POST to a webhook receiver over a socket connected to an address that was checked
 * ({@link Target}): the host name is never looked up again between the check and the connection, so
 * a rebinding name cannot turn the delivery to a private address. TLS still verifies the
 * certificate against the host name (and sends it as SNI). Redirects are not followed. The
 * receiver's answer body is kept up to 64 KiB.
 */
final class PinnedPost {
  private static final int MAX_ANSWER_BYTES = 64 * 1024;

  private PinnedPost() {}

  /** A receiver's answer: status and (the start of) its body. */
  record Answer(int status, String body) {}

  static Answer send(Target target, Map<String, String> headers, byte[] body, Duration timeout)
      throws IOException {
    URI uri = target.uri();
    boolean tls = uri.getScheme().equalsIgnoreCase("https");
    int port = uri.getPort() > 0 ? uri.getPort() : tls ? 443 : 80;
    int millis = (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
    try (Socket socket = connect(target.addresses(), port, millis)) {
      socket.setSoTimeout(millis);
      Socket channel = tls ? secure(socket, uri.getHost(), port) : socket;
      OutputStream out = channel.getOutputStream();
      out.write(head(uri, port, tls, headers, body.length).getBytes(StandardCharsets.UTF_8));
      out.write(body);
      out.flush();
      return read(new BufferedInputStream(channel.getInputStream()));
    }
  }

  private static Socket connect(List<InetAddress> addresses, int port, int millis)
      throws IOException {
    IOException last = null;
    for (InetAddress a : addresses) {
      Socket socket = new Socket();
      try {
        socket.connect(new InetSocketAddress(a, port), millis);
        return socket;
      } catch (IOException e) {
        socket.close();
        last = e;
      }
    }
    throw last == null ? new IOException("no address to connect to") : last;
  }

  private static Socket secure(Socket plain, String host, int port) throws IOException {
    SSLSocket ssl =
        (SSLSocket)
            ((SSLSocketFactory) SSLSocketFactory.getDefault())
                .createSocket(plain, host, port, true);
    SSLParameters params = ssl.getSSLParameters();
    params.setEndpointIdentificationAlgorithm("HTTPS");
    if (IpAddresses.literal(host) == null) {
      params.setServerNames(List.of(new SNIHostName(host)));
    }
    ssl.setSSLParameters(params);
    ssl.startHandshake();
    return ssl;
  }

  private static String head(
      URI uri, int port, boolean tls, Map<String, String> headers, int length) {
    String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
    if (uri.getRawQuery() != null) {
      path += "?" + uri.getRawQuery();
    }
    boolean defaultPort = port == (tls ? 443 : 80);
    StringBuilder head = new StringBuilder("POST ").append(path).append(" HTTP/1.1\r\n");
    head.append("Host: ")
        .append(uri.getHost())
        .append(defaultPort ? "" : ":" + port)
        .append("\r\n");
    headers.forEach((k, v) -> head.append(k).append(": ").append(v).append("\r\n"));
    head.append("Content-Length: ").append(length).append("\r\n");
    head.append("User-Agent: cairn-webhooks\r\nConnection: close\r\n\r\n");
    return head.toString();
  }

  private static Answer read(InputStream in) throws IOException {
    String status = line(in);
    String[] parts = status.split(" ", 3);
    if (parts.length < 2 || !parts[0].startsWith("HTTP/")) {
      throw new IOException("not an HTTP answer: " + status);
    }
    int code;
    try {
      code = Integer.parseInt(parts[1]);
    } catch (NumberFormatException e) {
      throw new IOException("not an HTTP status: " + status);
    }
    long length = -1;
    boolean chunked = false;
    for (String h = line(in); !h.isEmpty(); h = line(in)) {
      int colon = h.indexOf(':');
      String name = colon < 0 ? h : h.substring(0, colon).strip().toLowerCase(Locale.ROOT);
      String value = colon < 0 ? "" : h.substring(colon + 1).strip();
      if (name.equals("content-length")) {
        length = Long.parseLong(value);
      } else if (name.equals("transfer-encoding")) {
        chunked = value.toLowerCase(Locale.ROOT).contains("chunked");
      }
    }
    byte[] body =
        chunked
            ? chunks(in)
            : in.readNBytes(
                (int) Math.min(MAX_ANSWER_BYTES, length < 0 ? MAX_ANSWER_BYTES : length));
    return new Answer(code, new String(body, StandardCharsets.UTF_8));
  }

  private static byte[] chunks(InputStream in) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    while (out.size() < MAX_ANSWER_BYTES) {
      String size = line(in).split(";", 2)[0].strip();
      int n = Integer.parseInt(size.isEmpty() ? "0" : size, 16);
      if (n == 0) {
        break;
      }
      out.write(in.readNBytes(Math.min(n, MAX_ANSWER_BYTES - out.size())));
      line(in);
    }
    return out.toByteArray();
  }

  /** One header line, without its CRLF; at most 8 KiB. */
  private static String line(InputStream in) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    for (int c = in.read(); c != '\n'; c = in.read()) {
      if (c < 0) {
        if (b.size() == 0) {
          throw new IOException("the receiver closed the connection without an answer");
        }
        break;
      }
      if (c != '\r' && b.size() < 8192) {
        b.write(c);
      }
    }
    return b.toString(StandardCharsets.ISO_8859_1);
  }
}
