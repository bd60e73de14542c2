package dev.osprey.gateway.batch.kafka;

import dev.osprey.api.v1.BatchGeneration;
import dev.osprey.api.v1.FinishReason;
import dev.osprey.gateway.render.UsageJson;
import java.util.UUID;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The response body a batch request would have had from the interactive endpoint: OpenAI's
 * {@code text_completion} for {@code /v1/completions}, {@code chat.completion} for
 * {@code /v1/chat/completions}, one choice.
 */
final class BatchResponseBodies {
    static final String COMPLETIONS = "/v1/completions";
    static final String CHAT = "/v1/chat/completions";

    private BatchResponseBodies() {}

    static ObjectNode of(String url, String model, BatchGeneration generation, long createdSeconds) {
        boolean chat = CHAT.equals(url);
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.put("id", (chat ? "chatcmpl-" : "cmpl-") + UUID.randomUUID().toString().replace("-", ""));
        body.put("object", chat ? "chat.completion" : "text_completion");
        body.put("created", createdSeconds);
        body.put("model", model);
        ObjectNode choice = body.putArray("choices").addObject();
        choice.put("index", 0);
        if (chat) {
            ObjectNode message = choice.putObject("message");
            message.put("role", "assistant");
            message.put("content", generation.getText());
        } else {
            choice.put("text", generation.getText());
        }
        choice.putNull("logprobs");
        choice.put("finish_reason", generation.getFinishReason() == FinishReason.LENGTH ? "length" : "stop");
        body.set("usage", UsageJson.of(generation.getUsage().getPromptTokens(), generation.getUsage().getCompletionTokens(),
                generation.getUsage().getCachedPromptTokens()));
        return body;
    }
}
