package dev.osprey.gateway.openai;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * A request the gateway refuses or could not serve, carried to the edge as OpenAI's error body
 * {@code {"error": {"message", "type", "param", "code"}}} with {@link #status()}. {@code param} and
 * {@code code} may be null (JSON null). {@code retryAfter}, when present, becomes a {@code Retry-After}
 * header; {@code headers} are sent as they are (e.g. {@code x-ratelimit-*}).
 */
public final class ApiException extends RuntimeException {
    private final int status;
    private final String type;
    private final String param;
    private final String code;
    private final Duration retryAfter;
    private final Map<String, String> headers;

    public ApiException(int status, String type, String param, String code, String message) {
        this(status, type, param, code, message, null, Map.of());
    }

    public ApiException(int status, String type, String param, String code, String message,
                        Duration retryAfter, Map<String, String> headers) {
        super(message, null, false, false);
        this.status = status;
        this.type = type;
        this.param = param;
        this.code = code;
        this.retryAfter = retryAfter;
        this.headers = Map.copyOf(headers);
    }

    public int status() {
        return status;
    }

    public String type() {
        return type;
    }

    public String param() {
        return param;
    }

    public String code() {
        return code;
    }

    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }

    /** {@link #retryAfter()} in whole seconds, rounded up, at least 1. */
    public Optional<Long> retryAfterSeconds() {
        return retryAfter().map(d -> Math.max(1, Math.ceilDiv(d.toMillis(), 1000L)));
    }

    public Map<String, String> headers() {
        return headers;
    }

    // ---- the kinds of error the API answers with ----

    public static ApiException invalidRequest(String param, String code, String message) {
        return new ApiException(400, "invalid_request_error", param, code, message);
    }

    public static ApiException malformedJson(String detail) {
        return new ApiException(400, "invalid_request_error", null, "invalid_json",
                "We could not parse the JSON body of your request: " + detail
                        + ". The body must be a JSON object sent with Content-Type: application/json.");
    }

    public static ApiException missing(String param) {
        return invalidRequest(param, "missing_required_parameter", "Missing required parameter: '" + param + "'.");
    }

    public static ApiException wrongType(String param, String expected, String actual) {
        return invalidRequest(param, "invalid_type",
                "Invalid type for '" + param + "': expected " + expected + ", but got " + actual + " instead.");
    }

    public static ApiException outOfRange(String param, String message) {
        return invalidRequest(param, "invalid_value", "Invalid '" + param + "': " + message);
    }

    public static ApiException modelNotFound(String model) {
        return new ApiException(404, "invalid_request_error", "model", "model_not_found",
                "The model `" + model + "` does not exist or you do not have access to it.");
    }

    public static ApiException notFound(String param, String code, String message) {
        return new ApiException(404, "invalid_request_error", param, code, message);
    }

    public static ApiException contextLengthExceeded(String param, String message) {
        return invalidRequest(param, "context_length_exceeded", message);
    }

    public static ApiException bodyTooLarge(long limitBytes) {
        return new ApiException(413, "invalid_request_error", null, "request_too_large",
                "The request body exceeds the limit of " + limitBytes + " bytes.");
    }

    public static ApiException unauthorized(String message) {
        return new ApiException(401, "invalid_request_error", null, "invalid_api_key", message);
    }

    public static ApiException upstreamUnavailable(String service, String detail, Duration retryAfter) {
        return new ApiException(503, "server_error", null, "service_unavailable",
                "The " + service + " service is unavailable (" + detail + "). Please retry shortly.", retryAfter,
                Map.of());
    }

    public static ApiException overloaded(String message, Duration retryAfter) {
        return new ApiException(429, "server_error", null, "server_overloaded", message, retryAfter, Map.of());
    }

    public static ApiException internal(String message) {
        return new ApiException(500, "server_error", null, null, message);
    }
}
