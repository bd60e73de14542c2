package dev.osprey.gateway.web;

import dev.osprey.gateway.openai.ApiException;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/** Refuses (403) requests whose {@code Host} header {@link AllowedHosts} does not permit; runs first. */
public final class HostFilter implements WebFilter, Ordered {
    static final int ORDER = Ordered.HIGHEST_PRECEDENCE;
    private final AllowedHosts hosts;

    public HostFilter(AllowedHosts hosts) {
        this.hosts = hosts;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        String host = exchange.getRequest().getHeaders().getFirst(HttpHeaders.HOST);
        if (hosts.permits(host)) {
            return chain.filter(exchange);
        }
        return Mono.error(new ApiException(403, "invalid_request_error", null, "host_not_allowed",
                "The Host header '" + host + "' does not name this server, so the request is refused (it may "
                        + "come from a web page using DNS rebinding). Use localhost or the bound address, or add "
                        + "the host name to " + AllowedHosts.SETTING + "."));
    }

    @Override
    public int getOrder() {
        return ORDER;
    }
}
