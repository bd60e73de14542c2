package dev.osprey.gateway.render;

import dev.osprey.gateway.completion.ChoiceEvent;
import dev.osprey.gateway.completion.Prepared;
import java.nio.charset.StandardCharsets;
import java.util.List;
import reactor.core.publisher.Flux;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/** {@code /v1/completions} responses ({@code text_completion}) as OpenAI shapes them. */
public final class CompletionRenderer {
    private final ResponseIdentity identity;
    private final Prepared prepared;
    private final boolean echo;
    private final boolean logprobs;

    /** {@code logprobs}: whether the request asked for log-probabilities. */
    public CompletionRenderer(ResponseIdentity identity, Prepared prepared, boolean echo, boolean logprobs) {
        this.identity = identity;
        this.prepared = prepared;
        this.echo = echo;
        this.logprobs = logprobs;
    }

    /** The whole response from every event of a finished generation. */
    public ObjectNode response(List<ChoiceEvent> events) {
        int count = prepared.prompts().size() * prepared.n();
        List<ChoiceState> states = ChoiceState.collect(events, count);
        UsageTally usage = new UsageTally(prepared);
        ObjectNode out = envelope();
        ArrayNode choices = out.putArray("choices");
        for (int i = 0; i < count; i++) {
            ChoiceState s = states.get(i);
            usage.add(i, s.usage);
            ObjectNode choice = choices.addObject();
            choice.put("index", i);
            choice.put("text", echoText(i) + s.text);
            if (wantsLogprobs()) {
                choice.set("logprobs", logprobs(s.tokens, new TextOffsets(echoText(i))));
            } else {
                choice.putNull("logprobs");
            }
            choice.put("finish_reason", s.finishReason);
        }
        out.set("usage", usage.json());
        return out;
    }

    /** Streaming chunks; with {@code includeUsage}, a last chunk with no choices carries the usage. */
    public Flux<ObjectNode> chunks(Flux<ChoiceEvent> events, boolean includeUsage) {
        UsageTally usage = new UsageTally(prepared);
        boolean[] started = new boolean[prepared.prompts().size() * prepared.n()];
        TextOffsets[] offsets = new TextOffsets[started.length];
        Flux<ObjectNode> body = events.map(e -> {
            String lead = "";
            if (!started[e.index()]) {
                started[e.index()] = true;
                lead = echoText(e.index());
                offsets[e.index()] = new TextOffsets(lead);
            }
            ObjectNode chunk = envelope();
            ObjectNode choice = chunk.putArray("choices").addObject();
            choice.put("index", e.index());
            switch (e) {
                case ChoiceEvent.Token t -> {
                    choice.put("text", lead + t.text());
                    if (wantsLogprobs()) {
                        choice.set("logprobs", logprobs(List.of(t), offsets[e.index()]));
                    } else {
                        choice.putNull("logprobs");
                    }
                    choice.putNull("finish_reason");
                }
                case ChoiceEvent.End end -> {
                    usage.add(end);
                    choice.put("text", lead + end.trailingText());
                    choice.putNull("logprobs");
                    choice.put("finish_reason", end.finishReason());
                }
            }
            if (includeUsage) {
                chunk.putNull("usage");
            }
            return chunk;
        });
        if (!includeUsage) {
            return body;
        }
        return body.concatWith(Flux.defer(() -> {
            ObjectNode last = envelope();
            last.putArray("choices");
            last.set("usage", usage.json());
            return Flux.just(last);
        }));
    }

    private boolean wantsLogprobs() {
        return logprobs;
    }

    private String echoText(int index) {
        return echo ? prepared.prompts().get(index / prepared.n()).echoText() : "";
    }

    /**
     * OpenAI's legacy logprobs object: tokens, token_logprobs, top_logprobs (text → logprob), text_offset;
     * {@code offsets} is advanced past {@code tokens}. A token's text is exactly what it adds to the
     * choice's text, so the tokens joined are the text.
     */
    private ObjectNode logprobs(List<ChoiceEvent.Token> tokens, TextOffsets offsets) {
        ObjectNode lp = JsonNodeFactory.instance.objectNode();
        ArrayNode texts = lp.putArray("tokens");
        ArrayNode values = lp.putArray("token_logprobs");
        ArrayNode tops = lp.putArray("top_logprobs");
        ArrayNode textOffsets = lp.putArray("text_offset");
        for (ChoiceEvent.Token t : tokens) {
            byte[] piece = identity.piece(t.id());
            texts.add(tokenText(piece));
            if (t.logprob() == null) {
                values.addNull();
            } else {
                values.add(t.logprob());
            }
            ObjectNode top = tops.addObject();
            for (ChoiceEvent.Alternative a : t.alternatives()) {
                top.put(tokenText(identity.piece(a.id())), a.logprob());
            }
            textOffsets.add(offsets.current());
            offsets.advance(piece);
        }
        return lp;
    }

    /** As {@link TokenText}, with the legacy API's {@code bytes:} prefix on a token that cuts a character. */
    private static String tokenText(byte[] piece) {
        return TokenText.isWholeUtf8(piece) ? new String(piece, StandardCharsets.UTF_8) : "bytes:" + TokenText.of(piece);
    }

    private ObjectNode envelope() {
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        out.put("id", identity.id());
        out.put("object", "text_completion");
        out.put("created", identity.created());
        out.put("model", identity.model());
        return out;
    }
}
