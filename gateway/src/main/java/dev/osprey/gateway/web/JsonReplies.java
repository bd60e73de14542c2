package dev.osprey.gateway.web;

import dev.osprey.gateway.batch.BatchUnavailableException;
import dev.osprey.gateway.openai.ApiException;
import java.time.Duration;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** JSON answers of the handlers, with the admission's rate-limit headers. */
final class JsonReplies {
    /** How long a client waits before retrying when the batch queue is unavailable. */
    static final Duration QUEUE_RETRY = Duration.ofSeconds(10);
    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    private JsonReplies() {}

    static Mono<ServerResponse> ok(RateGate.Admission admission, JsonNode body) {
        return json(HttpStatus.OK, admission, body);
    }

    static Mono<ServerResponse> json(HttpStatus status, RateGate.Admission admission, JsonNode body) {
        return builder(status, admission).contentType(MediaType.APPLICATION_JSON).bodyValue(MAPPER.writeValueAsBytes(body));
    }

    /** A response carrying the admission's {@code x-ratelimit-*} headers. */
    static ServerResponse.BodyBuilder builder(HttpStatus status, RateGate.Admission admission) {
        ServerResponse.BodyBuilder builder = ServerResponse.status(status);
        admission.headers().forEach(builder::header);
        return builder;
    }

    /** The queue's refusal as OpenAI's 503 with {@code Retry-After}; other errors as they are. */
    static Throwable unavailable(Throwable e) {
        return e instanceof BatchUnavailableException u
                ? ApiException.upstreamUnavailable("batch queue", u.getMessage(), QUEUE_RETRY)
                : e;
    }
}
