package dev.osprey.internalauth;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Optional;
import org.springframework.core.env.Environment;

/**
 * The settings of internal authentication, read from a Spring {@link Environment}:
 * <ul>
 *   <li>{@value #TOKEN} (or the environment variable {@code OSPREY_SERVICE_TOKEN}): the shared token;</li>
 *   <li>{@value #TOKEN_FILE}: a file whose first line is the token (a mounted secret);</li>
 *   <li>{@code spring.grpc.server.address} / {@code .port}: where the service listens;</li>
 *   <li>{@code spring.grpc.server.ssl.bundle} with {@code .client-auth=require}: mutual TLS.</li>
 * </ul>
 */
public record InternalAuthProperties(Optional<ServiceToken> token, InetAddress address, int port, boolean mutualTls) {
    public static final String TOKEN = "osprey.internal.service-token";
    public static final String TOKEN_FILE = "osprey.internal.service-token-file";
    static final String TOKEN_ENV = "OSPREY_SERVICE_TOKEN";

    /** @throws IllegalArgumentException naming the setting that is malformed */
    public static InternalAuthProperties from(Environment environment) {
        Optional<ServiceToken> token = token(environment);
        InetAddress address = address(environment.getProperty("spring.grpc.server.address"));
        int port = environment.getProperty("spring.grpc.server.port", Integer.class, 9090);
        String bundle = environment.getProperty("spring.grpc.server.ssl.bundle", "");
        String clientAuth = environment.getProperty("spring.grpc.server.ssl.client-auth", "");
        boolean mutualTls = !bundle.isBlank() && "REQUIRE".equals(clientAuth.strip().toUpperCase(Locale.ROOT));
        return new InternalAuthProperties(token, address, port, mutualTls);
    }

    /**
     * The configured token alone, for a process that only calls internal services (the gateway).
     *
     * @throws IllegalArgumentException naming the setting that is malformed
     */
    public static Optional<ServiceToken> token(Environment environment) {
        String value = environment.getProperty(TOKEN);
        if (value == null || value.isBlank()) {
            value = environment.getProperty(TOKEN_ENV);
        }
        return ServiceToken.resolve(value, environment.getProperty(TOKEN_FILE));
    }

    /** {@code null} for every interface (unset, blank, {@code *}). */
    static InetAddress address(String configured) {
        if (configured == null || configured.isBlank() || configured.strip().equals("*")) {
            return null;
        }
        try {
            InetAddress address = InetAddress.getByName(configured.strip());
            return address.isAnyLocalAddress() ? null : address;
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("spring.grpc.server.address '" + configured + "' does not resolve", e);
        }
    }
}
