package dev.osprey.internalauth;

import java.net.InetAddress;

/**
 * When an internal service may listen where it was told to: on a loopback address always; on any other
 * address (including the wildcard, which is where a server without an address listens) only when callers
 * must authenticate, by the service token or by client certificates (mutual TLS).
 */
public final class ListenerPolicy {
    private ListenerPolicy() {}

    /**
     * @param service  the application name, for the message
     * @param address  the bound address; {@code null} means every interface
     * @throws InsecureListenerException when the listener would be reachable without authentication
     */
    public static void check(String service, InetAddress address, int port, boolean serviceToken, boolean mutualTls) {
        if (address != null && address.isLoopbackAddress()) {
            return;
        }
        if (serviceToken || mutualTls) {
            return;
        }
        String where = (address == null ? "every interface" : address.getHostAddress()) + " (port " + port + ")";
        throw new InsecureListenerException(service + " refuses to listen on " + where
                + " without authenticating its callers: set " + InternalAuthProperties.TOKEN
                + " (environment OSPREY_SERVICE_TOKEN) on every service, or require client certificates"
                + " (spring.grpc.server.ssl.bundle with spring.grpc.server.ssl.client-auth=require),"
                + " or listen on loopback (spring.grpc.server.address=127.0.0.1)");
    }
}
