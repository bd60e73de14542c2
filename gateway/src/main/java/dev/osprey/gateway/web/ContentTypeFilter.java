package dev.osprey.gateway.web;

import dev.osprey.gateway.openai.ApiException;
import java.util.Set;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Refuses (415) a POST, PUT or PATCH whose {@code Content-Type} is not the one its endpoint reads:
 * {@code multipart/form-data} for the upload {@code /v1/files}, {@code application/json} (any
 * parameters) everywhere else. A body without a {@code Content-Type} is refused too; a request with
 * neither passes. This keeps web pages from sending API requests as forms or {@code text/plain}, which
 * browsers send cross-site without a CORS preflight.
 */
public final class ContentTypeFilter implements WebFilter, Ordered {
    static final int ORDER = CrossOriginFilter.ORDER + 1;
    static final String UPLOAD_PATH = "/v1/files";
    private static final Set<HttpMethod> WITH_BODY = Set.of(HttpMethod.POST, HttpMethod.PUT, HttpMethod.PATCH);

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        ServerHttpRequest request = exchange.getRequest();
        if (!WITH_BODY.contains(request.getMethod())) {
            return chain.filter(exchange);
        }
        String path = request.getPath().value();
        MediaType expected = path.equals(UPLOAD_PATH) ? MediaType.MULTIPART_FORM_DATA : MediaType.APPLICATION_JSON;
        String received = request.getHeaders().getFirst(HttpHeaders.CONTENT_TYPE);
        if (received == null) {
            return hasBody(request.getHeaders())
                    ? Mono.error(unsupported(request, "the request has a body but no Content-Type", expected))
                    : chain.filter(exchange);
        }
        if (!matches(received, expected)) {
            return Mono.error(unsupported(request, "Content-Type '" + received + "' is not accepted", expected));
        }
        return chain.filter(exchange);
    }

    private static boolean hasBody(HttpHeaders headers) {
        return headers.getContentLength() > 0 || headers.containsHeader(HttpHeaders.TRANSFER_ENCODING);
    }

    private static boolean matches(String received, MediaType expected) {
        try {
            MediaType type = MediaType.parseMediaType(received);
            return type.getType().equalsIgnoreCase(expected.getType())
                    && type.getSubtype().equalsIgnoreCase(expected.getSubtype());
        } catch (InvalidMediaTypeException e) {
            return false;
        }
    }

    private static ApiException unsupported(ServerHttpRequest request, String what, MediaType expected) {
        return new ApiException(415, "invalid_request_error", null, "unsupported_media_type",
                "Unsupported media type for " + request.getMethod() + " " + request.getPath().value() + ": " + what
                        + "; send Content-Type: " + expected + (expected.equals(MediaType.APPLICATION_JSON)
                                ? " (with curl: -H 'Content-Type: application/json')." : "."));
    }

    @Override
    public int getOrder() {
        return ORDER;
    }
}
