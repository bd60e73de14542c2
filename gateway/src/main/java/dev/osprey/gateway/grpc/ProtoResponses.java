package dev.osprey.gateway.grpc;

import dev.osprey.api.v1.ChoiceDelta;
import dev.osprey.api.v1.CompletionChoice;
import dev.osprey.api.v1.CompletionChunk;
import dev.osprey.api.v1.CompletionResponse;
import dev.osprey.api.v1.DebugData;
import dev.osprey.api.v1.DebugWindow;
import dev.osprey.api.v1.FinishReason;
import dev.osprey.api.v1.Logprobs;
import dev.osprey.api.v1.TokenLogprob;
import dev.osprey.api.v1.Usage;
import dev.osprey.gateway.completion.ChoiceEvent;
import dev.osprey.gateway.completion.Prepared;
import dev.osprey.gateway.completion.TokenPieces;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import reactor.core.publisher.Flux;

/**
 * One generation's {@link ChoiceEvent}s as {@code osprey.v1.Completions} messages: a whole
 * {@link CompletionResponse}, or {@link CompletionChunk}s ending with the usage. Every message of one
 * response shares its id, model and creation time. With {@code echo} each choice's text starts with
 * its prompt; with {@code logprobs} the token pieces must have been resolved in {@code pieces}
 * (see {@link TokenPieces#resolved}) before the events arrive here.
 */
final class ProtoResponses {
    private final String id;
    private final long created;
    private final Prepared prepared;
    private final boolean echo;
    private final boolean logprobs;
    private final TokenPieces pieces;

    ProtoResponses(String idPrefix, Prepared prepared, boolean echo, boolean logprobs, TokenPieces pieces) {
        this.id = idPrefix + UUID.randomUUID().toString().replace("-", "");
        this.created = System.currentTimeMillis() / 1000;
        this.prepared = prepared;
        this.echo = echo;
        this.logprobs = logprobs;
        this.pieces = pieces;
    }

    /** The response of a unary rpc, from every event of a finished generation. */
    CompletionResponse response(List<ChoiceEvent> events) {
        int count = prepared.prompts().size() * prepared.n();
        CompletionChoice.Builder[] choices = new CompletionChoice.Builder[count];
        StringBuilder[] texts = new StringBuilder[count];
        Logprobs.Builder[] tokenLogprobs = new Logprobs.Builder[count];
        for (int i = 0; i < count; i++) {
            choices[i] = CompletionChoice.newBuilder().setIndex(i);
            texts[i] = new StringBuilder(echoText(i));
            tokenLogprobs[i] = Logprobs.newBuilder();
        }
        Tally tally = new Tally();
        for (ChoiceEvent e : events) {
            switch (e) {
                case ChoiceEvent.Token t -> {
                    texts[t.index()].append(t.text());
                    tokenLogprobs[t.index()].addTokens(logprob(t));
                }
                case ChoiceEvent.End end -> {
                    texts[end.index()].append(end.trailingText());
                    choices[end.index()].setFinishReason(finishReason(end.finishReason()));
                    tally.add(end);
                }
            }
        }
        CompletionResponse.Builder out = CompletionResponse.newBuilder()
                .setId(id).setModel(prepared.model().name()).setCreated(created)
                .setUsage(tally.usage());
        if (prepared.debug() != null) {
            out.setDebugData(debug(prepared.debug()));
        }
        for (int i = 0; i < count; i++) {
            choices[i].setText(texts[i].toString());
            if (logprobs) {
                choices[i].setLogprobs(tokenLogprobs[i]);
            }
            out.addChoices(choices[i]);
        }
        return out.build();
    }

    /** The messages of a streaming rpc: the debug data when asked for, one delta per event, then the usage. */
    Flux<CompletionChunk> chunks(Flux<ChoiceEvent> events) {
        boolean[] started = new boolean[prepared.prompts().size() * prepared.n()];
        Tally tally = new Tally();
        Flux<CompletionChunk> deltas = events.map(e -> {
            String lead = "";
            if (!started[e.index()]) {
                started[e.index()] = true;
                lead = echoText(e.index());
            }
            ChoiceDelta.Builder delta = ChoiceDelta.newBuilder().setIndex(e.index());
            switch (e) {
                case ChoiceEvent.Token t -> {
                    delta.setText(lead + t.text());
                    if (logprobs) {
                        delta.setLogprobs(Logprobs.newBuilder().addTokens(logprob(t)));
                    }
                }
                case ChoiceEvent.End end -> {
                    tally.add(end);
                    delta.setText(lead + end.trailingText()).setFinishReason(finishReason(end.finishReason()));
                }
            }
            return chunk().setDelta(delta).build();
        });
        Flux<CompletionChunk> all = deltas.concatWith(Flux.defer(() -> Flux.just(chunk().setUsage(tally.usage()).build())));
        return prepared.debug() == null ? all
                : Flux.just(chunk().setDebugData(debug(prepared.debug())).build()).concatWith(all);
    }

    static DebugData debug(dev.osprey.gateway.completion.DebugData data) {
        DebugData.Builder out = DebugData.newBuilder().addAllSnippets(data.snippets());
        if (data.prompt() != null) {
            out.setPrompt(data.prompt());
        }
        if (data.planning() != null) {
            out.setPlanningMs(data.planning().toNanos() / 1e6);
        }
        if (data.timings() != null) {
            out.setRetrievalMs(data.timings().getRetrievalMs()).setPromptMs(data.timings().getPromptMs());
        }
        if (data.window() != null) {
            out.setWindow(DebugWindow.newBuilder().setTier(data.window().tier()).setTokens(data.window().tokens())
                    .addAllDropped(data.window().dropped()));
        }
        return out.build();
    }

    private CompletionChunk.Builder chunk() {
        return CompletionChunk.newBuilder().setId(id).setModel(prepared.model().name()).setCreated(created);
    }

    private String echoText(int index) {
        return echo ? prepared.prompts().get(index / prepared.n()).echoText() : "";
    }

    private TokenLogprob logprob(ChoiceEvent.Token t) {
        TokenLogprob.Builder token = TokenLogprob.newBuilder().setId(t.id()).setToken(piece(t.id()));
        if (t.logprob() != null) {
            token.setLogprob(t.logprob());
        }
        for (ChoiceEvent.Alternative a : t.alternatives()) {
            token.addTopLogprobs(TokenLogprob.newBuilder().setId(a.id()).setToken(piece(a.id())).setLogprob(a.logprob()));
        }
        return token.build();
    }

    private String piece(int tokenId) {
        return new String(pieces.piece(prepared.model().name(), tokenId), StandardCharsets.UTF_8);
    }

    static FinishReason finishReason(String openAi) {
        return switch (openAi) {
            case "length" -> FinishReason.LENGTH;
            case "abort" -> FinishReason.CANCELLED;
            default -> FinishReason.STOP;
        };
    }

    /**
     * Usage over a response: prompt tokens once per prompt (not per choice), completion tokens over
     * all choices, cached tokens as the first choice of each prompt reported them.
     */
    private final class Tally {
        private long completionTokens;
        private long cachedTokens;

        void add(ChoiceEvent.End end) {
            completionTokens += end.usage().completionTokens();
            if (end.index() % prepared.n() == 0) {
                cachedTokens += end.usage().cachedPromptTokens();
            }
        }

        Usage usage() {
            return Usage.newBuilder()
                    .setPromptTokens(saturated(prepared.promptTokens()))
                    .setCompletionTokens(saturated(completionTokens))
                    .setCachedPromptTokens(saturated(cachedTokens))
                    .build();
        }

        private static int saturated(long count) {
            return (int) Math.min(count, 0xFFFF_FFFFL);
        }
    }
}
