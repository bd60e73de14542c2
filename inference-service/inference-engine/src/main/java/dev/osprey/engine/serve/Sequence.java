package dev.osprey.engine.serve;

import dev.osprey.engine.generate.TokenTextStream;
import dev.osprey.engine.kv.SequenceBlocks;
import dev.osprey.engine.sampling.Sampler;
import java.util.Arrays;
import java.util.Comparator;

/**
 * A request's state inside the engine; touched only by the engine thread except {@link #cancelRequested}.
 * {@code tokens[0 .. length)} is the prompt followed by the tokens generated so far; the KV of
 * {@code tokens[0 .. computed)} is in {@link #blocks}. Preemption drops the KV ({@code computed = 0})
 * and keeps the tokens, so recomputation continues the same stream.
 */
final class Sequence {
    /** Interactive before batch; within a class, earlier submission first. */
    static final Comparator<Sequence> ORDER =
            Comparator.<Sequence>comparingInt(s -> s.request.priority().ordinal()).thenComparingLong(s -> s.arrival);

    final GenerationRequest request;
    final GenerationObserver observer;
    final long arrival;
    final long submittedNanos;
    final long deadlineNanos;
    final Sampler sampler;
    final TokenTextStream text;
    final SequenceBlocks blocks;
    final int promptLength;
    /** Tokens the sequence may reach: the context, or the prompt plus max tokens. */
    final int maxLength;
    int[] tokens;
    int length;
    int computed;
    int generated;
    int cachedPromptTokens = -1;
    int preemptions;
    long firstRunNanos = -1;
    long firstTokenNanos = -1;
    /** The observer was not ready at the latest check: the scheduler skips this sequence. */
    boolean paused;
    /** The observer got its completion; nothing more happens to this sequence. */
    boolean finished;
    volatile boolean cancelRequested;

    Sequence(GenerationRequest request, GenerationObserver observer, long arrival, long submittedNanos,
             long deadlineNanos, Sampler sampler, TokenTextStream text, SequenceBlocks blocks, int maxLength) {
        this.request = request;
        this.observer = observer;
        this.arrival = arrival;
        this.submittedNanos = submittedNanos;
        this.deadlineNanos = deadlineNanos;
        this.sampler = sampler;
        this.text = text;
        this.blocks = blocks;
        this.promptLength = request.promptLength();
        this.maxLength = maxLength;
        this.tokens = new int[Math.min(maxLength + 1, promptLength + 64)];
        for (int i = 0; i < promptLength; i++) {
            tokens[i] = request.promptToken(i);
        }
        this.length = promptLength;
    }

    String id() {
        return request.id();
    }

    Priority priority() {
        return request.priority();
    }

    void append(int token) {
        if (length == tokens.length) {
            tokens = Arrays.copyOf(tokens, Math.min(maxLength + 1, 2 * tokens.length));
        }
        tokens[length++] = token;
        generated++;
    }

    /** Tokens known but not yet in the KV cache. */
    int pending() {
        return length - computed;
    }
}
