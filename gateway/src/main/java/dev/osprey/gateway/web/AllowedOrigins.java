package dev.osprey.gateway.web;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The origins (scheme, host, port) whose web pages may call the API cross-origin; none by default.
 * {@code *} allows every origin. Origins compare in the spelling browsers send: lower case, default
 * port left out.
 */
public final class AllowedOrigins {
    static final String SETTING = "osprey.gateway.cors.allowed-origins";

    private final boolean any;
    private final Set<String> origins;

    private AllowedOrigins(boolean any, Set<String> origins) {
        this.any = any;
        this.origins = Set.copyOf(origins);
    }

    /** @throws IllegalArgumentException naming the setting, for an entry that is not an origin */
    public static AllowedOrigins of(List<String> configured) {
        boolean any = false;
        Set<String> origins = new LinkedHashSet<>();
        for (String entry : configured) {
            if (entry != null && entry.strip().equals("*")) {
                any = true;
            } else {
                origins.add(parse(entry).orElseThrow(() -> new IllegalArgumentException(SETTING + ": '" + entry
                        + "' is not an origin (write scheme://host[:port], e.g. https://app.example:8443, or *)")));
            }
        }
        return new AllowedOrigins(any, origins);
    }

    public boolean allows(String origin) {
        return any || parse(origin).map(origins::contains).orElse(false);
    }

    public boolean isEmpty() {
        return !any && origins.isEmpty();
    }

    /**
     * Whether {@code origin} is the server's own, as named by the request's {@code Host} header: same
     * host and port (a Host without port matches the origin scheme's default port).
     */
    static boolean isSameOrigin(String origin, String hostHeader) {
        if (hostHeader == null) {
            return false;
        }
        Optional<URI> uri = uri(origin);
        if (uri.isEmpty() || uri.get().getHost() == null) {
            return false;
        }
        if (!HostName.normalise(uri.get().getHost()).equals(HostName.ofAuthority(hostHeader))) {
            return false;
        }
        int originPort = port(uri.get());
        return HostName.portOf(hostHeader).map(p -> p == originPort).orElse(originPort == 80 || originPort == 443);
    }

    /** {@code origin} in canonical form, or empty when it is not {@code scheme://host[:port]}. */
    static Optional<String> parse(String origin) {
        Optional<URI> parsed = uri(origin);
        if (parsed.isEmpty()) {
            return Optional.empty();
        }
        URI uri = parsed.get();
        String path = uri.getRawPath();
        if (uri.getHost() == null || uri.getRawUserInfo() != null || uri.getRawQuery() != null
                || uri.getRawFragment() != null || (path != null && !path.isEmpty() && !path.equals("/"))) {
            return Optional.empty();
        }
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        String host = HostName.normalise(uri.getHost());
        String shownHost = host.indexOf(':') >= 0 ? "[" + host + "]" : host;
        int port = uri.getPort();
        boolean defaultPort = port < 0 || port == defaultPort(scheme);
        return Optional.of(scheme + "://" + shownHost + (defaultPort ? "" : ":" + port));
    }

    private static Optional<URI> uri(String origin) {
        if (origin == null || origin.isBlank()) {
            return Optional.empty();
        }
        try {
            URI uri = new URI(origin.strip());
            return uri.getScheme() == null ? Optional.empty() : Optional.of(uri);
        } catch (URISyntaxException e) {
            return Optional.empty();
        }
    }

    private static int port(URI uri) {
        return uri.getPort() >= 0 ? uri.getPort() : defaultPort(uri.getScheme().toLowerCase(Locale.ROOT));
    }

    private static int defaultPort(String scheme) {
        return switch (scheme) {
            case "http", "ws" -> 80;
            case "https", "wss" -> 443;
            default -> -1;
        };
    }
}
