package dev.osprey.gateway.web;

import dev.osprey.gateway.openai.ApiException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebExceptionHandler;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every failure as OpenAI's error body with its status: {@link ApiException}s as they are, Spring's
 * own (no route: 404, wrong method: 405, unsupported media type: 415) mapped, anything else 500.
 * Runs before Spring Boot's default handler.
 */
@Component
@Order(-2)
public class ApiErrorHandler implements WebExceptionHandler {
    private static final Logger log = LoggerFactory.getLogger(ApiErrorHandler.class);
    private final JsonMapper mapper = JsonMapper.builder().build();

    @Override
    public Mono<Void> handle(ServerWebExchange exchange, Throwable error) {
        ServerHttpResponse response = exchange.getResponse();
        if (response.isCommitted()) {
            return Mono.error(error);
        }
        ApiException api = toApi(error, exchange);
        if (api.status() >= 500) {
            log.warn("{} {} failed: {}", exchange.getRequest().getMethod(), exchange.getRequest().getPath(),
                    api.getMessage(), error instanceof ApiException ? null : error);
        }
        response.setStatusCode(HttpStatusCode.valueOf(api.status()));
        HttpHeaders headers = response.getHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        api.headers().forEach(headers::set);
        api.retryAfterSeconds().ifPresent(s -> headers.set(HttpHeaders.RETRY_AFTER, Long.toString(s)));
        byte[] body = mapper.writeValueAsBytes(ErrorBodies.of(api));
        return response.writeWith(Mono.just(response.bufferFactory().wrap(body)));
    }

    static ApiException toApi(Throwable error, ServerWebExchange exchange) {
        if (error instanceof ApiException api) {
            return api;
        }
        if (error instanceof ResponseStatusException rse) {
            int status = rse.getStatusCode().value();
            String path = exchange.getRequest().getPath().value();
            String message = switch (status) {
                case 404 -> "Unknown request URL: " + exchange.getRequest().getMethod() + " " + path
                        + ". See /openapi.yaml for the routes this server has.";
                case 405 -> "Method " + exchange.getRequest().getMethod() + " is not allowed on " + path + ".";
                case 415 -> "Unsupported Content-Type; send application/json.";
                default -> rse.getReason() == null ? HttpStatus.valueOf(status).getReasonPhrase() : rse.getReason();
            };
            return new ApiException(status, status >= 500 ? "server_error" : "invalid_request_error", null,
                    status == 404 ? "unknown_url" : null, message);
        }
        return ApiException.internal("The gateway failed: " + error.getClass().getSimpleName()
                + (error.getMessage() == null ? "" : ": " + error.getMessage()));
    }
}
