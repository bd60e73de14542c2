package dev.osprey.gateway.web;

import dev.osprey.gateway.access.AccessPolicy;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The {@code Host} header values the REST server answers, against DNS rebinding (a web page whose
 * host name is re-pointed at 127.0.0.1 reaches a loopback server with its own name in {@code Host}).
 *
 * <p>On a loopback bind the check is always on and allows {@code localhost}, {@code 127.0.0.1},
 * {@code ::1}, the bound address and the configured hosts, with any port. On any other bind it is on
 * only when hosts are configured (API keys protect such a server), and then allows the same set.
 */
public final class AllowedHosts {
    static final String SETTING = "osprey.gateway.allowed-hosts";
    private static final List<String> LOOPBACK_NAMES = List.of("localhost", "127.0.0.1", "::1");

    private final boolean enforced;
    private final Set<String> hosts;

    private AllowedHosts(boolean enforced, Set<String> hosts) {
        this.enforced = enforced;
        this.hosts = Set.copyOf(hosts);
    }

    /**
     * The hosts allowed for a server bound to {@code bindAddress} (blank: all interfaces).
     *
     * @throws IllegalArgumentException naming the setting, for an entry that is not a bare host name or address
     */
    public static AllowedHosts forBind(String bindAddress, List<String> configured) {
        Set<String> hosts = new LinkedHashSet<>();
        LOOPBACK_NAMES.forEach(h -> hosts.add(HostName.normalise(h)));
        String bind = bindAddress == null ? "" : bindAddress.strip();
        if (!bind.isEmpty()) {
            hosts.add(HostName.normalise(bind));
        }
        for (String entry : configured) {
            hosts.add(requireBareHost(entry));
        }
        return new AllowedHosts(AccessPolicy.isLoopback(bind) || !configured.isEmpty(), hosts);
    }

    private static String requireBareHost(String entry) {
        String e = entry == null ? "" : entry.strip();
        if (e.isEmpty() || e.contains("/") || e.contains("@") || e.chars().anyMatch(Character::isWhitespace)) {
            throw new IllegalArgumentException(SETTING + ": '" + entry
                    + "' is not a host name or address (write it without scheme, path or port, e.g. osprey.internal)");
        }
        return HostName.ofAuthority(e);
    }

    /** Whether {@code hostHeader} may be answered; a request without one (no browser sends none) may. */
    public boolean permits(String hostHeader) {
        return !enforced || hostHeader == null || hosts.contains(HostName.ofAuthority(hostHeader));
    }

    public boolean enforced() {
        return enforced;
    }
}
