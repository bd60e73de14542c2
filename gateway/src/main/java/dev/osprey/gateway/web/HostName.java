package dev.osprey.gateway.web;

import java.net.InetAddress;
import java.util.Locale;
import java.util.Optional;

/**
 * The host part of a {@code Host} header or an origin's authority, in one comparable spelling: lower
 * case, no brackets around IPv6 literals, no trailing dot, IP literals in {@link InetAddress}'s form
 * ({@code [0:0::1]} and {@code ::1} compare equal). No DNS lookup is made.
 */
final class HostName {
    private HostName() {}

    /** The normalised host of {@code authority} ({@code host}, {@code host:port}, {@code [v6]:port}). */
    static String ofAuthority(String authority) {
        String a = authority.strip();
        String host;
        if (a.startsWith("[")) {
            int close = a.indexOf(']');
            host = close < 0 ? a.substring(1) : a.substring(1, close);
        } else {
            int colon = a.indexOf(':');
            host = colon >= 0 && colon == a.lastIndexOf(':') ? a.substring(0, colon) : a;
        }
        return normalise(host);
    }

    /** The port of {@code authority}, when it names one. */
    static Optional<Integer> portOf(String authority) {
        String a = authority.strip();
        int from = a.startsWith("[") ? a.indexOf(']') + 1 : 0;
        int colon = a.indexOf(':', from);
        if (colon < 0 || (from == 0 && colon != a.lastIndexOf(':'))) {
            return Optional.empty();
        }
        try {
            return Optional.of(Integer.parseInt(a.substring(colon + 1)));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    static String normalise(String host) {
        String h = host.strip().toLowerCase(Locale.ROOT);
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        while (h.endsWith(".")) {
            h = h.substring(0, h.length() - 1);
        }
        if (h.indexOf(':') >= 0 || (!h.isEmpty() && h.chars().allMatch(c -> c == '.' || Character.isDigit(c)))) {
            try {
                return InetAddress.ofLiteral(h).getHostAddress();
            } catch (IllegalArgumentException e) {
                return h;
            }
        }
        return h;
    }
}
