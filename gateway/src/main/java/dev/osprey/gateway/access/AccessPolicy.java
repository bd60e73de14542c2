package dev.osprey.gateway.access;

import java.net.InetAddress;
import java.util.Locale;

/**
 * Secure by default: a gateway reachable from other machines must have API keys.
 *
 * <ul>
 *   <li>keys configured: {@link AccessDecision.KeysRequired}, whatever the address;</li>
 *   <li>no keys, loopback address ({@code 127.0.0.0/8}, {@code ::1}, {@code localhost}):
 *       {@link AccessDecision.Open}, with a note worth logging;</li>
 *   <li>no keys, any other address, including the wildcards {@code 0.0.0.0} and {@code ::} and host names
 *       (which are not resolved: what they point to can change): {@link AccessDecision.Refused}, whose
 *       message says why and how to fix it. The server must not start.</li>
 * </ul>
 */
public final class AccessPolicy {
    private AccessPolicy() {}

    /** Decides how a gateway listening on {@code bindAddress} (an IP literal or host name) may serve. */
    public static AccessDecision check(String bindAddress, boolean keysConfigured) {
        String address = bindAddress == null ? "" : bindAddress.strip();
        if (keysConfigured) {
            return new AccessDecision.KeysRequired();
        }
        if (isLoopback(address)) {
            return new AccessDecision.Open("No API keys are configured; the gateway accepts every request, "
                    + "which is safe only because it listens on the loopback address " + address
                    + ". Configure an API key before binding to another address.");
        }
        String shown = address.isEmpty() ? "all interfaces" : address;
        return new AccessDecision.Refused("Refusing to start: the gateway would listen on " + shown
                + ", which other machines can reach, and no API key is configured, so anyone could use it. "
                + "Either configure an API key (osprey.gateway.api-keys or a key file), or bind to 127.0.0.1 "
                + "to serve this machine only.");
    }

    /** Whether {@code address} is a loopback address, without any DNS lookup. */
    public static boolean isLoopback(String address) {
        String a = address.strip().toLowerCase(Locale.ROOT);
        if (a.startsWith("[") && a.endsWith("]")) {
            a = a.substring(1, a.length() - 1);
        }
        if (a.equals("localhost") || a.endsWith(".localhost")) {
            return true;
        }
        if (a.isEmpty() || !(a.indexOf(':') >= 0 || a.chars().allMatch(c -> c == '.' || Character.isDigit(c)))) {
            return false; // a host name: not resolved
        }
        try {
            return InetAddress.ofLiteral(a).isLoopbackAddress();
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
