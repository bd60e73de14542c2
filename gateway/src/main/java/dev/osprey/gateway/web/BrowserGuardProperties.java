package dev.osprey.gateway.web;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * What the REST server accepts from browsers ({@code osprey.gateway.allowed-hosts},
 * {@code osprey.gateway.cors.allowed-origins}); checked at startup by {@link AllowedHosts} and
 * {@link AllowedOrigins}.
 *
 * @param allowedHosts host names or addresses (no port) that {@code Host} may name besides the loopback names
 *                     and the bound address; on a non-loopback bind, configuring any turns the Host check on
 * @param cors         cross-origin access; none by default
 */
@ConfigurationProperties("osprey.gateway")
public record BrowserGuardProperties(@DefaultValue List<String> allowedHosts, @DefaultValue Cors cors) {

    public BrowserGuardProperties {
        allowedHosts = List.copyOf(allowedHosts);
    }

    /** @param allowedOrigins origins ({@code https://app.example:8443}) allowed to call the API, or {@code *} for any */
    public record Cors(@DefaultValue List<String> allowedOrigins) {
        public Cors {
            allowedOrigins = List.copyOf(allowedOrigins);
        }
    }
}
