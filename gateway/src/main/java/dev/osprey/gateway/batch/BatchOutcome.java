package dev.osprey.gateway.batch;

import java.util.Objects;
import tools.jackson.databind.JsonNode;

/** How one request of a batch ended. */
public sealed interface BatchOutcome {

    /**
     * The endpoint answered.
     *
     * @param statusCode the HTTP status the endpoint would have answered with (2xx counts as completed,
     *                   anything else as failed, and goes to the error file with its body, as OpenAI does)
     * @param body       the OpenAI response body ({@code text_completion} / {@code chat.completion}, or an error body)
     */
    record Succeeded(int statusCode, JsonNode body) implements BatchOutcome {
        public Succeeded {
            Objects.requireNonNull(body, "body");
        }

        public boolean ok() {
            return statusCode >= 200 && statusCode < 300;
        }
    }

    /**
     * The request did not run to an answer.
     *
     * @param code    OpenAI-style code, e.g. {@code batch_cancelled}, {@code invalid_request}, {@code internal_error}
     * @param message what happened
     */
    record Failed(String code, String message) implements BatchOutcome {
        public Failed {
            Objects.requireNonNull(code, "code");
            Objects.requireNonNull(message, "message");
        }
    }

    /** Whether the request counts as completed (else failed) in the batch's request counts. */
    default boolean completed() {
        return this instanceof Succeeded s && s.ok();
    }
}
