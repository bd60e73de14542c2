package dev.osprey.gateway.web;

import dev.osprey.gateway.access.ApiKey;
import java.util.Optional;
import org.springframework.web.server.ServerWebExchange;

/** Who made a request: an authenticated key, or nobody when the gateway runs without keys. */
public record Caller(Optional<ApiKey> key) {
    static final String ATTRIBUTE = Caller.class.getName();
    static final Caller ANONYMOUS = new Caller(Optional.empty());

    static Caller of(ServerWebExchange exchange) {
        Caller caller = exchange.getAttribute(ATTRIBUTE);
        return caller == null ? ANONYMOUS : caller;
    }

    /** The prefix-cache namespace: one key's prompts never share KV blocks with another's. */
    String cacheNamespace() {
        return key.map(k -> "key:" + k.name()).orElse("");
    }
}
