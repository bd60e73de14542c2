package dev.osprey.gateway.grpc;

import dev.osprey.api.v1.ChatMessage;
import dev.osprey.api.v1.CompleteRequest;
import dev.osprey.api.v1.DebugOptions;
import dev.osprey.api.v1.RepositoryFile;
import dev.osprey.api.v1.SamplingOptions;
import dev.osprey.gateway.openai.ChatRequest;
import dev.osprey.gateway.openai.CompletionRequest;
import dev.osprey.gateway.openai.InfillRequest;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The gRPC requests as the gateway's validated request records. Each proto message is written as the
 * REST body with the same meaning and handed to the record's own {@code parse}, so both transports
 * go through one set of rules and error messages (a field is named by its REST name, e.g.
 * {@code temperature}). Only set fields are written: an unset {@code optional} is an absent JSON field.
 * Unsigned proto integers are written unsigned, so a value beyond a limit is refused, not wrapped.
 *
 * @throws dev.osprey.gateway.openai.ApiException (400) from every method when the request is invalid
 */
final class ProtoRequests {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private ProtoRequests() {}

    /** {@code /v1/completions}; {@code stream} says which rpc was called. */
    static CompletionRequest completion(CompleteRequest request, boolean stream) {
        ObjectNode body = JSON.objectNode();
        body.put("model", request.getModel());
        switch (request.getPromptCase()) {
            case TEXT -> body.put("prompt", request.getText());
            case TOKEN_IDS -> {
                ArrayNode ids = body.putArray("prompt");
                request.getTokenIds().getIdsList().forEach(id -> ids.add(Integer.toUnsignedLong(id)));
            }
            case PROMPT_NOT_SET -> { } // refused by parse as a missing prompt
        }
        if (request.hasSuffix()) {
            body.put("suffix", request.getSuffix());
        }
        sampling(body, request.getSampling());
        if (request.hasN()) {
            body.put("n", Integer.toUnsignedLong(request.getN()));
        }
        if (request.hasLogprobs()) {
            body.put("logprobs", Integer.toUnsignedLong(request.getLogprobs()));
        }
        body.put("echo", request.getEcho());
        body.put("stream", stream);
        debug(body, request.hasDebugOptions(), request.getDebugOptions());
        return CompletionRequest.parse(body);
    }

    /** {@code /v1/chat/completions}. */
    static ChatRequest chat(dev.osprey.api.v1.ChatRequest request, boolean stream) {
        ObjectNode body = JSON.objectNode();
        body.put("model", request.getModel());
        ArrayNode messages = body.putArray("messages");
        for (ChatMessage m : request.getMessagesList()) {
            messages.addObject().put("role", m.getRole()).put("content", m.getContent());
        }
        sampling(body, request.getSampling());
        if (request.hasN()) {
            body.put("n", Integer.toUnsignedLong(request.getN()));
        }
        body.put("logprobs", request.getLogprobs());
        if (request.hasTopLogprobs()) {
            body.put("top_logprobs", Integer.toUnsignedLong(request.getTopLogprobs()));
        }
        if (request.hasSessionId()) {
            body.put("session_id", request.getSessionId());
        }
        if (request.hasRepositoryId()) {
            body.put("repository_id", request.getRepositoryId());
        }
        body.put("stream", stream);
        debug(body, request.hasDebugOptions(), request.getDebugOptions());
        return ChatRequest.parse(body);
    }

    /** {@code /v1/infill} (llama.cpp's field names: input_prefix, input_suffix, input_extra). */
    static InfillRequest infill(dev.osprey.api.v1.InfillRequest request, boolean stream) {
        ObjectNode body = JSON.objectNode();
        body.put("model", request.getModel());
        body.put("input_prefix", request.getPrefix());
        body.put("input_suffix", request.getSuffix());
        ArrayNode extra = body.putArray("input_extra");
        for (RepositoryFile file : request.getExtraList()) {
            extra.addObject().put("filename", file.getPath()).put("text", file.getContent());
        }
        ArrayNode recent = body.putArray("recent_files");
        for (RepositoryFile file : request.getRecentFilesList()) {
            recent.addObject().put("filename", file.getPath()).put("text", file.getContent());
        }
        body.put("path", request.getPath());
        if (request.hasRepositoryId()) {
            body.put("repository_id", request.getRepositoryId());
        }
        sampling(body, request.getSampling());
        body.put("stream", stream);
        debug(body, request.hasDebugOptions(), request.getDebugOptions());
        return InfillRequest.parse(body);
    }

    private static void debug(ObjectNode body, boolean present, DebugOptions options) {
        if (!present) {
            return;
        }
        ObjectNode debug = body.putObject("debug_options").put("return_snippets", options.getReturnSnippets())
                .put("return_prompt", options.getReturnPrompt());
        if (!options.getRetrieval().isEmpty()) {
            debug.put("retrieval", options.getRetrieval());
        }
    }

    private static void sampling(ObjectNode body, SamplingOptions s) {
        if (s.hasMaxTokens()) {
            body.put("max_tokens", Integer.toUnsignedLong(s.getMaxTokens()));
        }
        if (s.hasTemperature()) {
            body.put("temperature", s.getTemperature());
        }
        if (s.hasTopP()) {
            body.put("top_p", s.getTopP());
        }
        if (s.hasTopK()) {
            body.put("top_k", s.getTopK());
        }
        if (s.hasMinP()) {
            body.put("min_p", s.getMinP());
        }
        if (s.hasRepetitionPenalty()) {
            body.put("repetition_penalty", s.getRepetitionPenalty());
        }
        if (s.hasPresencePenalty()) {
            body.put("presence_penalty", s.getPresencePenalty());
        }
        if (s.hasFrequencyPenalty()) {
            body.put("frequency_penalty", s.getFrequencyPenalty());
        }
        if (s.hasSeed()) {
            body.put("seed", s.getSeed());
        }
        if (s.getStopCount() > 0) {
            ArrayNode stop = body.putArray("stop");
            s.getStopList().forEach(stop::add);
        }
        body.put("ignore_eos", s.getIgnoreEos());
    }
}
