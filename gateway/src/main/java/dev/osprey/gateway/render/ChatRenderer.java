package dev.osprey.gateway.render;

import dev.osprey.gateway.completion.ChoiceEvent;
import dev.osprey.gateway.completion.Prepared;
import java.util.ArrayList;
import java.util.List;
import reactor.core.publisher.Flux;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/** {@code /v1/chat/completions} responses ({@code chat.completion}, {@code chat.completion.chunk}). */
public final class ChatRenderer {
    private final ResponseIdentity identity;
    private final Prepared prepared;
    private final boolean logprobs;
    private final String sessionId;

    /** {@code sessionId}: echoed in every object when the request used one (else null). */
    public ChatRenderer(ResponseIdentity identity, Prepared prepared, boolean logprobs, String sessionId) {
        this.identity = identity;
        this.prepared = prepared;
        this.logprobs = logprobs;
        this.sessionId = sessionId;
    }

    public ObjectNode response(List<ChoiceEvent> events) {
        int count = prepared.n();
        List<ChoiceState> states = ChoiceState.collect(events, count);
        UsageTally usage = new UsageTally(prepared);
        ObjectNode out = envelope("chat.completion");
        ArrayNode choices = out.putArray("choices");
        for (int i = 0; i < count; i++) {
            ChoiceState s = states.get(i);
            usage.add(i, s.usage);
            ObjectNode choice = choices.addObject();
            choice.put("index", i);
            ObjectNode message = choice.putObject("message");
            message.put("role", "assistant");
            message.put("content", s.text.toString());
            if (logprobs) {
                choice.putObject("logprobs").set("content", content(s.tokens));
            } else {
                choice.putNull("logprobs");
            }
            choice.put("finish_reason", s.finishReason);
        }
        out.set("usage", usage.json());
        return out;
    }

    /**
     * Streaming chunks as OpenAI sends them: a first chunk per choice with the role, content deltas,
     * a last chunk per choice with an empty delta and the finish reason, then (with {@code includeUsage})
     * one chunk with no choices and the usage.
     */
    public Flux<ObjectNode> chunks(Flux<ChoiceEvent> events, boolean includeUsage) {
        UsageTally usage = new UsageTally(prepared);
        boolean[] started = new boolean[prepared.n()];
        Flux<ObjectNode> body = events.concatMap(e -> {
            ObjectNode first = null;
            if (!started[e.index()]) {
                started[e.index()] = true;
                first = chunk(e.index(), includeUsage);
                ObjectNode opening = (ObjectNode) first.withArray("choices").get(0);
                ObjectNode delta = opening.putObject("delta");
                delta.put("role", "assistant");
                delta.put("content", "");
                opening.putNull("logprobs");
                opening.putNull("finish_reason");
            }
            List<ObjectNode> out = new ArrayList<>(3);
            if (first != null) {
                out.add(first);
            }
            switch (e) {
                case ChoiceEvent.Token t -> out.add(contentChunk(t.index(), t.text(), List.of(t), includeUsage));
                case ChoiceEvent.End end -> {
                    usage.add(end);
                    if (!end.trailingText().isEmpty()) {
                        // Its own content chunk: the finish chunk's delta stays empty, as OpenAI sends it.
                        out.add(contentChunk(end.index(), end.trailingText(), null, includeUsage));
                    }
                    ObjectNode chunk = chunk(end.index(), includeUsage);
                    ObjectNode choice = (ObjectNode) chunk.withArray("choices").get(0);
                    choice.putObject("delta");
                    choice.putNull("logprobs");
                    choice.put("finish_reason", end.finishReason());
                    out.add(chunk);
                }
            }
            return Flux.fromIterable(out);
        });
        if (!includeUsage) {
            return body;
        }
        return body.concatWith(Flux.defer(() -> {
            ObjectNode last = envelope("chat.completion.chunk");
            last.putArray("choices");
            last.set("usage", usage.json());
            return Flux.just(last);
        }));
    }

    /** A content delta; {@code tokens}, when log-probabilities are asked for, are its tokens (null: none). */
    private ObjectNode contentChunk(int index, String text, List<ChoiceEvent.Token> tokens, boolean includeUsage) {
        ObjectNode chunk = chunk(index, includeUsage);
        ObjectNode choice = (ObjectNode) chunk.withArray("choices").get(0);
        choice.putObject("delta").put("content", text);
        if (logprobs && tokens != null) {
            choice.putObject("logprobs").set("content", content(tokens));
        } else {
            choice.putNull("logprobs");
        }
        choice.putNull("finish_reason");
        return chunk;
    }

    private ObjectNode chunk(int index, boolean includeUsage) {
        ObjectNode chunk = envelope("chat.completion.chunk");
        chunk.putArray("choices").addObject().put("index", index);
        if (includeUsage) {
            chunk.putNull("usage");
        }
        return chunk;
    }

    /**
     * OpenAI's {@code logprobs.content}: per token its text (see {@link TokenText}), logprob, exact UTF-8
     * bytes and top alternatives. The bytes of a choice's tokens joined are its content's.
     */
    private ArrayNode content(List<ChoiceEvent.Token> tokens) {
        ArrayNode content = JsonNodeFactory.instance.arrayNode();
        for (ChoiceEvent.Token t : tokens) {
            ObjectNode entry = tokenLogprob(t.id(), t.logprob() == null ? 0 : t.logprob());
            ArrayNode top = entry.putArray("top_logprobs");
            for (ChoiceEvent.Alternative a : t.alternatives()) {
                ObjectNode alt = tokenLogprob(a.id(), a.logprob());
                top.add(alt);
            }
            content.add(entry);
        }
        return content;
    }

    private ObjectNode tokenLogprob(int id, double logprob) {
        ObjectNode entry = JsonNodeFactory.instance.objectNode();
        byte[] bytes = identity.piece(id);
        entry.put("token", TokenText.of(bytes));
        entry.put("logprob", logprob);
        ArrayNode array = entry.putArray("bytes");
        for (byte b : bytes) {
            array.add(b & 0xff);
        }
        return entry;
    }

    private ObjectNode envelope(String object) {
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        out.put("id", identity.id());
        out.put("object", object);
        out.put("created", identity.created());
        out.put("model", identity.model());
        if (sessionId != null) {
            out.put("session_id", sessionId);
        }
        return out;
    }
}
