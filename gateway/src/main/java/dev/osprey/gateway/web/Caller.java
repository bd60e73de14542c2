package dev.osprey.gateway.web;

import dev.osprey.gateway.access.ApiKey;
import dev.osprey.gateway.access.Tenant;
import dev.osprey.gateway.openai.ApiException;
import java.util.Optional;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.server.ServerWebExchange;

/** Who made a request: an authenticated key, or nobody when the gateway runs without keys. */
public record Caller(Optional<ApiKey> key) {
    static final String ATTRIBUTE = Caller.class.getName();
    static final Caller ANONYMOUS = new Caller(Optional.empty());

    static Caller of(ServerWebExchange exchange) {
        Caller caller = exchange.getAttribute(ATTRIBUTE);
        return caller == null ? ANONYMOUS : caller;
    }

    /** Whose resources this request reads and writes. */
    Tenant tenant() {
        return Tenant.of(key);
    }

    /**
     * The owner whose repositories or sessions {@code request} acts on: the caller's own, or, for an admin
     * key only, the one its {@code owner} query parameter names.
     */
    String owner(ServerRequest request) {
        Tenant tenant = tenant();
        Optional<String> asked = request.queryParam("owner");
        if (asked.isEmpty() || asked.get().equals(tenant.owner())) {
            return tenant.owner();
        }
        if (!tenant.admin()) {
            throw new ApiException(403, "invalid_request_error", "owner", "permission_denied",
                    "Only admin keys may act on another key's resources (the 'owner' query parameter).");
        }
        return asked.get();
    }
}
