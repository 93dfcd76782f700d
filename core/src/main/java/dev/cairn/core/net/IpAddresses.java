package dev.cairn.core.net;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Facts about IP addresses that decide what the server may reach or who may reach it, from IANA's
 * special-purpose address registries. Nothing here looks a name up: literals are parsed strictly (a
 * dotted quad of four decimal numbers, or an IPv6 literal), so {@code 10.attacker.example} is a
 * name, never an address.
 */
public final class IpAddresses {
  private IpAddresses() {}

  /**
   * The address written literally in {@code text} ({@code 192.168.1.2}, {@code ::1}, {@code
   * [::1]}), or null when {@code text} is no IP literal.
   */
  public static InetAddress literal(String text) {
    if (text == null || text.isEmpty()) {
      return null;
    }
    String t =
        text.startsWith("[") && text.endsWith("]") ? text.substring(1, text.length() - 1) : text;
    try {
      if (t.indexOf(':') >= 0) {
        // A string with a colon is parsed as an IPv6 literal by the JDK, never looked up.
        return t.matches("[0-9A-Za-z:.%_-]+") ? InetAddress.getByName("[" + t + "]") : null;
      }
      byte[] quad = dottedQuad(t);
      return quad == null ? null : InetAddress.getByAddress(quad);
    } catch (UnknownHostException e) {
      return null;
    }
  }

  private static byte[] dottedQuad(String s) {
    String[] parts = s.split("\\.", -1);
    if (parts.length != 4) {
      return null;
    }
    byte[] out = new byte[4];
    for (int i = 0; i < 4; i++) {
      String p = parts[i];
      if (p.isEmpty()
          || p.length() > 3
          || (p.length() > 1 && p.charAt(0) == '0') // 010 is octal to some parsers
          || !p.chars().allMatch(c -> c >= '0' && c <= '9')) {
        return null;
      }
      int v = Integer.parseInt(p);
      if (v > 255) {
        return null;
      }
      out[i] = (byte) v;
    }
    return out;
  }

  /** Loopback, or an RFC 1918 / RFC 4193 private address: one of this machine's own networks. */
  public static boolean isLoopbackOrPrivate(InetAddress a) {
    byte[] b = a.getAddress();
    if (b.length == 4) {
      int x = b[0] & 0xff;
      int y = b[1] & 0xff;
      return x == 127 || x == 10 || (x == 172 && y >= 16 && y < 32) || (x == 192 && y == 168);
    }
    InetAddress mapped = embeddedMapped(b);
    if (mapped != null) {
      return isLoopbackOrPrivate(mapped);
    }
    return a.isLoopbackAddress() || (b[0] & 0xfe) == 0xfc;
  }

  /**
   * Whether {@code a} is a globally routable unicast address: not loopback, private, shared
   * (100.64/10), link-local, documentation, benchmarking, reserved, multicast or broadcast, and for
   * IPv6 forms that carry an IPv4 address (IPv4-mapped, NAT64, 6to4), only when that IPv4 address
   * is global itself. IPv6 outside 2000::/3 is never global; Teredo and the other 2001::/23
   * assignments are refused as well.
   */
  public static boolean isGlobal(InetAddress a) {
    byte[] b = a.getAddress();
    return b.length == 4 ? isGlobalV4(b) : isGlobalV6(b);
  }

  private static boolean isGlobalV4(byte[] b) {
    int x = b[0] & 0xff;
    int y = b[1] & 0xff;
    int z = b[2] & 0xff;
    return !(x == 0
        || x == 10
        || x == 127
        || x >= 224 // multicast 224/4, reserved 240/4, broadcast
        || (x == 100 && y >= 64 && y < 128) // shared address space (carrier NAT, cloud metadata)
        || (x == 169 && y == 254)
        || (x == 172 && y >= 16 && y < 32)
        || (x == 192 && y == 0 && z == 0) // IETF protocol assignments
        || (x == 192 && y == 0 && z == 2)
        || (x == 192 && y == 88 && z == 99) // 6to4 relay anycast
        || (x == 192 && y == 168)
        || (x == 198 && (y == 18 || y == 19)) // benchmarking
        || (x == 198 && y == 51 && z == 100)
        || (x == 203 && y == 0 && z == 113));
  }

  private static boolean isGlobalV6(byte[] b) {
    InetAddress mapped = embeddedMapped(b);
    if (mapped != null) {
      return isGlobal(mapped);
    }
    int w0 = ((b[0] & 0xff) << 8) | (b[1] & 0xff);
    int w1 = ((b[2] & 0xff) << 8) | (b[3] & 0xff);
    if (w0 == 0x64 && w1 == 0xff9b && zero(b, 4, 12)) {
      return isGlobalV4(new byte[] {b[12], b[13], b[14], b[15]}); // NAT64 64:ff9b::/96
    }
    if (w0 == 0x2002) {
      return isGlobalV4(new byte[] {b[2], b[3], b[4], b[5]}); // 6to4 2002::/16
    }
    if ((w0 & 0xe000) != 0x2000) {
      return false; // outside 2000::/3: loopback, unique local, link-local, multicast, ...
    }
    return !((w0 == 0x2001 && w1 < 0x0200) // 2001::/23 (Teredo, benchmarking, ORCHID, ...)
        || (w0 == 0x2001 && w1 == 0x0db8) // documentation
        || (w0 == 0x3fff && w1 < 0x1000) // documentation 3fff::/20
        || w0 == 0x5f00);
  }

  /** The IPv4 address of an IPv4-mapped (::ffff:a.b.c.d) IPv6 address, or null. */
  private static InetAddress embeddedMapped(byte[] b) {
    if (b.length != 16 || !zero(b, 0, 10) || (b[10] & 0xff) != 0xff || (b[11] & 0xff) != 0xff) {
      return null;
    }
    try {
      return Inet4Address.getByAddress(new byte[] {b[12], b[13], b[14], b[15]});
    } catch (UnknownHostException e) {
      return null;
    }
  }

  private static boolean zero(byte[] b, int from, int to) {
    for (int i = from; i < to; i++) {
      if (b[i] != 0) {
        return false;
      }
    }
    return true;
  }
}
