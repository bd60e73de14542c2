package dev.osprey.gateway.upstream;

import dev.osprey.gateway.openai.ApiException;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * Maps an internal service's gRPC status to the API error a client sees. Upstream messages name
 * fields by their wire names, which are the API's names, so they are passed on.
 */
public final class UpstreamErrors {
    /** The inference service's retry hint on RESOURCE_EXHAUSTED. */
    public static final Metadata.Key<String> RETRY_AFTER_MS =
            Metadata.Key.of("retry-after-ms", Metadata.ASCII_STRING_MARSHALLER);
    /** What a 503 tells clients to wait when the service gave no hint. */
    public static final Duration UNAVAILABLE_RETRY = Duration.ofSeconds(1);

    private UpstreamErrors() {}

    /** {@code error} as an {@link ApiException}; other throwables are internal errors. */
    public static ApiException toApi(Throwable error, UpstreamService service) {
        if (error instanceof ApiException api) {
            return api;
        }
        if (!(error instanceof StatusRuntimeException sre)) {
            return ApiException.internal("The gateway failed while calling the " + service.label() + " service: "
                    + error);
        }
        Status status = sre.getStatus();
        String message = status.getDescription() == null ? status.getCode().name() : status.getDescription();
        return switch (status.getCode()) {
            case INVALID_ARGUMENT -> ApiException.invalidRequest(null, "invalid_value", message);
            case NOT_FOUND -> ApiException.notFound(null, "not_found", message);
            case PERMISSION_DENIED -> new ApiException(403, "invalid_request_error", null, "permission_denied", message);
            case FAILED_PRECONDITION -> ApiException.contextLengthExceeded("messages", message);
            case RESOURCE_EXHAUSTED -> service == UpstreamService.INFERENCE
                    ? ApiException.overloaded("The server is overloaded: " + message, retryAfter(sre))
                    : new ApiException(413, "invalid_request_error", null, "request_too_large", message);
            case UNAVAILABLE -> ApiException.upstreamUnavailable(service.label(), message, UNAVAILABLE_RETRY);
            case DEADLINE_EXCEEDED -> new ApiException(504, "server_error", null, "timeout",
                    "The " + service.label() + " service did not answer in time: " + message);
            case CANCELLED -> new ApiException(499, "server_error", null, "cancelled", message);
            default -> ApiException.internal("The " + service.label() + " service failed: " + message);
        };
    }

    /** {@link #toApi(Throwable, UpstreamService)}, with a NOT_FOUND answered as {@code notFound} says. */
    public static ApiException toApi(Throwable error, UpstreamService service, Supplier<ApiException> notFound) {
        ApiException api = toApi(error, service);
        return api.status() == 404 ? notFound.get() : api;
    }

    private static Duration retryAfter(StatusRuntimeException e) {
        Metadata trailers = e.getTrailers();
        String hint = trailers == null ? null : trailers.get(RETRY_AFTER_MS);
        if (hint != null) {
            try {
                return Duration.ofMillis(Math.max(1, Long.parseLong(hint.strip())));
            } catch (NumberFormatException ignored) {
                // fall through to the default
            }
        }
        return UNAVAILABLE_RETRY;
    }
}
