package dev.osprey.gateway.web;

import dev.osprey.gateway.openai.ApiException;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.web.reactive.function.server.HandlerFunction;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The last route: a path that {@code routes} serves under other methods is answered 405 with an
 * {@code Allow} header listing them (in OpenAI's error shape); any other request falls through to 404.
 * The methods are found by asking {@code routes} itself, so the answer never drifts from the table.
 */
final class MethodNotAllowed {
    private static final List<HttpMethod> PROBED = List.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.POST,
            HttpMethod.PUT, HttpMethod.PATCH, HttpMethod.DELETE);

    private MethodNotAllowed() {}

    static RouterFunction<ServerResponse> fallback(RouterFunction<ServerResponse> routes) {
        return request -> allowed(routes, request).collectList()
                .filter(methods -> !methods.isEmpty())
                .map(methods -> (HandlerFunction<ServerResponse>) r -> Mono.error(refusal(r, methods)));
    }

    private static Flux<HttpMethod> allowed(RouterFunction<ServerResponse> routes, ServerRequest request) {
        return Flux.fromIterable(PROBED)
                .filter(m -> !m.equals(request.method()))
                .concatMap(m -> routes.route(ServerRequest.from(request).method(m).build()).map(h -> m));
    }

    private static ApiException refusal(ServerRequest request, List<HttpMethod> methods) {
        String allow = String.join(", ", methods.stream().map(HttpMethod::name).toList());
        return new ApiException(405, "invalid_request_error", null, "method_not_allowed",
                "Method " + request.method().name() + " is not allowed on " + request.path() + "; it accepts "
                        + allow + ".", null, Map.of(HttpHeaders.ALLOW, allow));
    }
}
