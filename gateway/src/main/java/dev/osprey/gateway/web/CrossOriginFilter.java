package dev.osprey.gateway.web;

import dev.osprey.gateway.openai.ApiException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * CORS, off unless origins are configured. A request with an {@code Origin} other than the server's
 * own is refused (403) unless {@link AllowedOrigins} lists it, preflights included; a listed origin's
 * preflight is answered here (before authentication: browsers send no key with it) and its requests
 * get {@code Access-Control-Allow-Origin}. Requests without {@code Origin} (non-browser clients) pass.
 */
public final class CrossOriginFilter implements WebFilter, Ordered {
    static final int ORDER = HostFilter.ORDER + 1;
    static final String ALLOWED_METHODS = "GET, POST, DELETE, OPTIONS";
    static final List<String> ALWAYS_ALLOWED_HEADERS = List.of("Authorization", "Content-Type");
    static final String EXPOSED_HEADERS = "x-ratelimit-limit-requests, x-ratelimit-limit-tokens, "
            + "x-ratelimit-remaining-requests, x-ratelimit-remaining-tokens, x-ratelimit-reset-requests, "
            + "x-ratelimit-reset-tokens, Retry-After";
    static final String MAX_AGE_SECONDS = "600";

    private final AllowedOrigins origins;

    public CrossOriginFilter(AllowedOrigins origins) {
        this.origins = origins;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        ServerHttpRequest request = exchange.getRequest();
        String origin = request.getHeaders().getOrigin();
        if (origin == null) {
            return chain.filter(exchange);
        }
        ServerHttpResponse response = exchange.getResponse();
        response.getHeaders().add(HttpHeaders.VARY, HttpHeaders.ORIGIN);
        boolean preflight = request.getMethod() == HttpMethod.OPTIONS
                && request.getHeaders().containsHeader(HttpHeaders.ACCESS_CONTROL_REQUEST_METHOD);
        if (!preflight && AllowedOrigins.isSameOrigin(origin, request.getHeaders().getFirst(HttpHeaders.HOST))) {
            return chain.filter(exchange);
        }
        if (!origins.allows(origin)) {
            return Mono.error(refused(origin, preflight));
        }
        HttpHeaders headers = response.getHeaders();
        headers.set(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, origin);
        if (!preflight) {
            headers.set(HttpHeaders.ACCESS_CONTROL_EXPOSE_HEADERS, EXPOSED_HEADERS);
            return chain.filter(exchange);
        }
        headers.add(HttpHeaders.VARY, HttpHeaders.ACCESS_CONTROL_REQUEST_METHOD);
        headers.add(HttpHeaders.VARY, HttpHeaders.ACCESS_CONTROL_REQUEST_HEADERS);
        headers.set(HttpHeaders.ACCESS_CONTROL_ALLOW_METHODS, ALLOWED_METHODS);
        headers.set(HttpHeaders.ACCESS_CONTROL_ALLOW_HEADERS, String.join(", ", allowedHeaders(request)));
        headers.set(HttpHeaders.ACCESS_CONTROL_MAX_AGE, MAX_AGE_SECONDS);
        response.setStatusCode(HttpStatus.NO_CONTENT);
        return response.setComplete();
    }

    /** Authorization and Content-Type, and whatever else the trusted page's preflight asks for (SDK headers). */
    private static Set<String> allowedHeaders(ServerHttpRequest request) {
        Set<String> headers = new LinkedHashSet<>(ALWAYS_ALLOWED_HEADERS);
        for (String value : request.getHeaders().getOrEmpty(HttpHeaders.ACCESS_CONTROL_REQUEST_HEADERS)) {
            for (String name : value.split(",")) {
                String trimmed = name.strip();
                if (!trimmed.isEmpty() && headers.stream().noneMatch(trimmed::equalsIgnoreCase)) {
                    headers.add(trimmed);
                }
            }
        }
        return headers;
    }

    private static ApiException refused(String origin, boolean preflight) {
        return new ApiException(403, "invalid_request_error", null, "origin_not_allowed",
                (preflight ? "CORS preflight refused: " : "Cross-origin request refused: ") + "the origin '" + origin
                        + "' is not allowed to call this API. Add it to " + AllowedOrigins.SETTING
                        + " to let its web pages call the API.");
    }

    @Override
    public int getOrder() {
        return ORDER;
    }
}
