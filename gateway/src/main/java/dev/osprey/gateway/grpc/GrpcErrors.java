package dev.osprey.gateway.grpc;

import dev.osprey.gateway.openai.ApiException;
import dev.osprey.gateway.upstream.UpstreamErrors;
import dev.osprey.gateway.upstream.UpstreamService;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;

/**
 * The gateway's errors as gRPC statuses (the table in {@code completions.proto}): the HTTP status
 * picks the code, the message is the description, and the trailers carry what REST sends as headers
 * and body fields: {@code retry-after-ms}, {@code x-ratelimit-*}, {@code error-code}, {@code error-param}.
 */
final class GrpcErrors {
    static final Metadata.Key<String> RETRY_AFTER_MS = UpstreamErrors.RETRY_AFTER_MS;
    static final Metadata.Key<String> ERROR_CODE = Metadata.Key.of("error-code", Metadata.ASCII_STRING_MARSHALLER);
    static final Metadata.Key<String> ERROR_PARAM = Metadata.Key.of("error-param", Metadata.ASCII_STRING_MARSHALLER);

    private GrpcErrors() {}

    /** {@code error} as the status a client sees; a throwable that is not an API error is an inference failure. */
    static StatusRuntimeException toStatus(Throwable error) {
        ApiException api = error instanceof ApiException e ? e : UpstreamErrors.toApi(error, UpstreamService.INFERENCE);
        Metadata trailers = new Metadata();
        if (api.code() != null) {
            trailers.put(ERROR_CODE, api.code());
        }
        if (api.param() != null) {
            trailers.put(ERROR_PARAM, ascii(api.param()));
        }
        api.retryAfter().ifPresent(d -> trailers.put(RETRY_AFTER_MS, Long.toString(Math.max(1, d.toMillis()))));
        api.headers().forEach((name, value) ->
                trailers.put(Metadata.Key.of(name, Metadata.ASCII_STRING_MARSHALLER), value));
        return code(api.status()).withDescription(api.getMessage()).asRuntimeException(trailers);
    }

    static Status code(int httpStatus) {
        return switch (httpStatus) {
            case 400 -> Status.INVALID_ARGUMENT;
            case 401 -> Status.UNAUTHENTICATED;
            case 403 -> Status.PERMISSION_DENIED;
            case 404 -> Status.NOT_FOUND;
            // 413: too large for an internal service's limit; 429: a rate limit or a full queue.
            case 413, 429 -> Status.RESOURCE_EXHAUSTED;
            case 499 -> Status.CANCELLED;
            case 503 -> Status.UNAVAILABLE;
            case 504 -> Status.DEADLINE_EXCEEDED;
            default -> Status.INTERNAL;
        };
    }

    /** Metadata values are printable ASCII; a param naming a field is, but keep any other character out. */
    private static String ascii(String value) {
        StringBuilder out = new StringBuilder(value.length());
        value.chars().forEach(c -> out.append(c >= 0x20 && c < 0x7f ? (char) c : '?'));
        return out.toString();
    }
}
