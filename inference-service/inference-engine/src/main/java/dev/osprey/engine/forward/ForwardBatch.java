package dev.osprey.engine.forward;

import java.util.Objects;

/**
 * Tokens to run through the model in one pass; they may belong to different sequences.
 *
 * <p>Token {@code i} is {@code tokens[i]} at position {@code positions[i]} of the sequence whose cache
 * is {@code caches[i]}. Within one sequence, the batch's positions must follow on from what the cache
 * already holds (every earlier position written by this batch or an earlier one), in increasing order.
 * {@code outputs} lists the token indices whose logits are wanted, in the order the logits rows are
 * written.
 */
public record ForwardBatch(int[] tokens, int[] positions, KvCache[] caches, int[] outputs) {

    public ForwardBatch {
        Objects.requireNonNull(tokens, "tokens");
        Objects.requireNonNull(positions, "positions");
        Objects.requireNonNull(caches, "caches");
        Objects.requireNonNull(outputs, "outputs");
        if (tokens.length == 0) {
            throw new IllegalArgumentException("a forward batch needs at least one token");
        }
        if (positions.length != tokens.length || caches.length != tokens.length) {
            throw new IllegalArgumentException("tokens, positions and caches differ in length: "
                    + tokens.length + ", " + positions.length + ", " + caches.length);
        }
        for (int o : outputs) {
            if (o < 0 || o >= tokens.length) {
                throw new IllegalArgumentException("output index " + o + " outside the batch of " + tokens.length);
            }
        }
    }

    /** One sequence's tokens at consecutive positions from {@code start}; logits for all or the last. */
    public static ForwardBatch sequence(int[] tokens, int start, KvCache cache, boolean allLogits) {
        int n = tokens.length;
        int[] positions = new int[n];
        KvCache[] caches = new KvCache[n];
        for (int i = 0; i < n; i++) {
            positions[i] = start + i;
            caches[i] = cache;
        }
        int[] outputs;
        if (allLogits) {
            outputs = new int[n];
            for (int i = 0; i < n; i++) {
                outputs[i] = i;
            }
        } else {
            outputs = new int[] {n - 1};
        }
        return new ForwardBatch(tokens.clone(), positions, caches, outputs);
    }

    public int size() {
        return tokens.length;
    }
}
