package dev.osprey.gateway.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import dev.osprey.gateway.openai.ApiException;
import io.grpc.Metadata;
import io.grpc.Status;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class UpstreamErrorsTest {

    private static ApiException map(Status status, UpstreamService service) {
        return UpstreamErrors.toApi(status.asRuntimeException(), service);
    }

    private static ApiException exhausted(String retryAfterMs) {
        Metadata trailers = new Metadata();
        if (retryAfterMs != null) {
            trailers.put(UpstreamErrors.RETRY_AFTER_MS, retryAfterMs);
        }
        return UpstreamErrors.toApi(Status.RESOURCE_EXHAUSTED.withDescription("queue full")
                .asRuntimeException(trailers), UpstreamService.INFERENCE);
    }

    @Test
    void clientErrorsPassTheUpstreamMessageOn() {
        ApiException invalid = map(Status.INVALID_ARGUMENT.withDescription("bad 'stop'"), UpstreamService.INFERENCE);
        assertThat(invalid.status()).isEqualTo(400);
        assertThat(invalid.type()).isEqualTo("invalid_request_error");
        assertThat(invalid.code()).isEqualTo("invalid_value");
        assertThat(invalid.getMessage()).isEqualTo("bad 'stop'");

        ApiException notFound = map(Status.NOT_FOUND.withDescription("no such repository"), UpstreamService.CONTEXT);
        assertThat(notFound.status()).isEqualTo(404);
        assertThat(notFound.code()).isEqualTo("not_found");

        ApiException tooLong = map(Status.FAILED_PRECONDITION.withDescription("too long"), UpstreamService.CONTEXT);
        assertThat(tooLong.status()).isEqualTo(400);
        assertThat(tooLong.code()).isEqualTo("context_length_exceeded");
        assertThat(tooLong.param()).isEqualTo("messages");
    }

    @Test
    void resourceExhaustedFromInferenceIsOverloadWithTheRetryHint() {
        ApiException e = exhausted("250");
        assertThat(e.status()).isEqualTo(429);
        assertThat(e.type()).isEqualTo("server_error");
        assertThat(e.code()).isEqualTo("server_overloaded");
        assertThat(e.getMessage()).isEqualTo("The server is overloaded: queue full");
        assertThat(e.retryAfter()).contains(Duration.ofMillis(250));
        assertThat(e.retryAfterSeconds()).contains(1L);
        assertThat(exhausted(" 2500 ").retryAfterSeconds()).contains(3L);
        assertThat(exhausted("0").retryAfter()).contains(Duration.ofMillis(1));
        assertThat(exhausted(null).retryAfter()).contains(UpstreamErrors.UNAVAILABLE_RETRY);
        assertThat(exhausted("soon").retryAfter()).contains(UpstreamErrors.UNAVAILABLE_RETRY);
    }

    @Test
    void resourceExhaustedElsewhereIsATooLargeRequest() {
        ApiException e = map(Status.RESOURCE_EXHAUSTED.withDescription("text too large"), UpstreamService.TOKENIZER);
        assertThat(e.status()).isEqualTo(413);
        assertThat(e.code()).isEqualTo("request_too_large");
        assertThat(e.retryAfter()).isEmpty();
    }

    @Test
    void unavailableAsksToRetry() {
        ApiException e = map(Status.UNAVAILABLE.withDescription("connection refused"), UpstreamService.CONTEXT);
        assertThat(e.status()).isEqualTo(503);
        assertThat(e.code()).isEqualTo("service_unavailable");
        assertThat(e.getMessage())
                .isEqualTo("The context service is unavailable (connection refused). Please retry shortly.");
        assertThat(e.retryAfter()).contains(UpstreamErrors.UNAVAILABLE_RETRY);
    }

    @Test
    void timeoutsCancellationAndFailures() {
        ApiException timeout = map(Status.DEADLINE_EXCEEDED, UpstreamService.TOKENIZER);
        assertThat(timeout.status()).isEqualTo(504);
        assertThat(timeout.code()).isEqualTo("timeout");
        assertThat(timeout.getMessage()).isEqualTo("The tokenizer service did not answer in time: DEADLINE_EXCEEDED");

        ApiException cancelled = map(Status.CANCELLED.withDescription("gone"), UpstreamService.INFERENCE);
        assertThat(cancelled.status()).isEqualTo(499);
        assertThat(cancelled.code()).isEqualTo("cancelled");

        for (Status status : new Status[] {Status.INTERNAL, Status.UNKNOWN, Status.UNIMPLEMENTED, Status.DATA_LOSS}) {
            ApiException failed = map(status.withDescription("boom"), UpstreamService.INFERENCE);
            assertThat(failed.status()).isEqualTo(500);
            assertThat(failed.type()).isEqualTo("server_error");
            assertThat(failed.code()).isNull();
            assertThat(failed.getMessage()).isEqualTo("The inference service failed: boom");
        }
    }

    @Test
    void otherThrowables() {
        ApiException api = ApiException.missing("prompt");
        assertThat(UpstreamErrors.toApi(api, UpstreamService.TOKENIZER)).isSameAs(api);
        ApiException internal = UpstreamErrors.toApi(new IllegalStateException("oops"), UpstreamService.CONTEXT);
        assertThat(internal.status()).isEqualTo(500);
        assertThat(internal.getMessage()).startsWith("The gateway failed while calling the context service: ")
                .contains("oops");
    }
}
