package dev.osprey.gateway.web;

import dev.osprey.gateway.access.AuthResult;
import dev.osprey.gateway.access.KeyRegistry;
import dev.osprey.gateway.openai.ApiException;
import java.util.Optional;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Authenticates API requests by their {@code Authorization: Bearer} key when keys are configured
 * (401 in OpenAI's shape otherwise). Health and the OpenAPI document stay open.
 */
@Component
public class AccessFilter implements WebFilter, Ordered {
    private final KeyRegistry keys;

    public AccessFilter(KeyRegistry keys) {
        this.keys = keys;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        exchange.getAttributes().put(RequestTiming.ATTRIBUTE, RequestTiming.start());
        if (!keys.hasKeys() || isPublic(exchange.getRequest().getPath().value())) {
            return chain.filter(exchange);
        }
        AuthResult result = keys.authenticate(exchange.getRequest().getHeaders().getFirst(HttpHeaders.AUTHORIZATION));
        return switch (result) {
            case AuthResult.Authenticated ok -> {
                exchange.getAttributes().put(Caller.ATTRIBUTE, new Caller(Optional.of(ok.key())));
                yield chain.filter(exchange);
            }
            case AuthResult.MissingHeader missing -> Mono.error(ApiException.unauthorized(missing.message()));
            case AuthResult.MalformedHeader malformed -> Mono.error(ApiException.unauthorized(malformed.message()));
            case AuthResult.UnknownKey unknown -> Mono.error(ApiException.unauthorized(unknown.message()));
        };
    }

    static boolean isPublic(String path) {
        return path.equals("/health") || path.equals("/metrics") || path.equals("/openapi.yaml")
                || path.equals("/");
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE + 10;
    }
}
