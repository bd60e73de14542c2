package dev.osprey.gateway.completion;

import com.google.protobuf.ByteString;
import dev.osprey.api.v1.DecodeRequest;
import dev.osprey.api.v1.TokenizerGrpc;
import dev.osprey.gateway.upstream.ReactiveCalls;
import dev.osprey.gateway.upstream.UpstreamErrors;
import dev.osprey.gateway.upstream.UpstreamService;
import io.grpc.Channel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The bytes each token id stands for in generated text (its piece, leading space included), for
 * log-probability responses: OpenAI names every token and alternative by its text, and the texts of
 * a choice's tokens joined are its content. Asked of the tokenizer service ({@code Decode} with
 * {@code with_pieces}) for the ids not yet known, once per step, and remembered.
 */
public final class TokenPieces {
    private static final int MAX_CACHED = 1 << 20;
    private static final Duration DECODE_DEADLINE = Duration.ofSeconds(10);

    private final Channel tokenizer;
    private final Map<String, Map<Integer, byte[]>> byModel = new ConcurrentHashMap<>();

    public TokenPieces(Channel tokenizer) {
        this.tokenizer = tokenizer;
    }

    /** Completes once every id in {@code ids} has a piece in {@link #piece}. */
    public Mono<Void> ensure(String model, Collection<Integer> ids) {
        Map<Integer, byte[]> cache = byModel.computeIfAbsent(model, m -> new ConcurrentHashMap<>());
        List<Integer> missing = ids.stream().filter(id -> !cache.containsKey(id)).distinct().toList();
        if (missing.isEmpty()) {
            return Mono.empty();
        }
        return pieces(model, missing).doOnNext(pieces -> {
            for (int i = 0; i < missing.size() && cache.size() < MAX_CACHED; i++) {
                cache.put(missing.get(i), pieces.get(i));
            }
        }).then();
    }

    /**
     * {@code events} with the pieces of every token id they name (the sampled token's and its
     * alternatives') resolved before each token is passed on, so that {@link #piece} answers for them.
     */
    public Flux<ChoiceEvent> resolved(String model, Flux<ChoiceEvent> events) {
        return events.concatMap(e -> e instanceof ChoiceEvent.Token t
                ? ensure(model, ids(t)).thenReturn(e)
                : Mono.just(e));
    }

    private static List<Integer> ids(ChoiceEvent.Token t) {
        List<Integer> ids = new ArrayList<>(1 + t.alternatives().size());
        ids.add(t.id());
        t.alternatives().forEach(a -> ids.add(a.id()));
        return ids;
    }

    /** The piece's UTF-8 bytes (possibly a partial character); empty when {@link #ensure} did not run. */
    public byte[] piece(String model, int id) {
        Map<Integer, byte[]> cache = byModel.get(model);
        byte[] bytes = cache == null ? null : cache.get(id);
        return bytes == null ? new byte[0] : bytes;
    }

    private Mono<List<byte[]>> pieces(String model, List<Integer> ids) {
        DecodeRequest request = DecodeRequest.newBuilder().setModel(model).addAllIds(ids).setRenderSpecial(true)
                .setWithPieces(true).build();
        return ReactiveCalls.unary(tokenizer, TokenizerGrpc.getDecodeMethod(), request,
                        ReactiveCalls.deadline(DECODE_DEADLINE))
                .map(r -> {
                    if (r.getPiecesCount() != ids.size()) {
                        throw new IllegalStateException("the tokenizer service answered " + r.getPiecesCount()
                                + " pieces for " + ids.size() + " ids");
                    }
                    return r.getPiecesList().stream().map(ByteString::toByteArray).toList();
                })
                .onErrorMap(e -> UpstreamErrors.toApi(e, UpstreamService.TOKENIZER));
    }
}
