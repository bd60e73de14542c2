package dev.osprey.engine.serve;

/**
 * Scheduler and KV cache settings of an {@link InferenceEngine}.
 *
 * @param blockSize           tokens per KV block
 * @param kvBudgetBytes       native memory for keys and values; the number of blocks follows from the model's
 *                            shape and KV type ({@link KvBudget} turns "512MB" or "40%" of free memory into bytes)
 * @param maxBatchTokens      tokens per forward pass, shared by decoding sequences (one each) and
 *                            chunks of prompts being prefilled
 * @param maxRunningSequences sequences holding KV blocks at once
 * @param maxWaitingRequests  requests queued beyond the running ones; more are refused with
 *                            {@link EngineOverloadedException}
 * @param contextTokens       the context window of one sequence (prompt and generated tokens), at most the
 *                            model's trained context; 0 for the trained context. The KV budget must hold one
 *                            full window, or the engine refuses to start.
 */
public record EngineConfig(int blockSize, long kvBudgetBytes, int maxBatchTokens, int maxRunningSequences,
                           int maxWaitingRequests, int contextTokens) {

    public static final int DEFAULT_BLOCK_SIZE = 16;
    public static final long DEFAULT_KV_BUDGET_BYTES = 512L << 20;
    public static final int DEFAULT_MAX_BATCH_TOKENS = 256;
    public static final int DEFAULT_MAX_RUNNING_SEQUENCES = 16;
    public static final int DEFAULT_MAX_WAITING_REQUESTS = 256;

    public EngineConfig {
        positive("blockSize", blockSize);
        positive("kvBudgetBytes", kvBudgetBytes);
        positive("maxBatchTokens", maxBatchTokens);
        positive("maxRunningSequences", maxRunningSequences);
        if (maxWaitingRequests < 0) {
            throw new IllegalArgumentException("maxWaitingRequests must be at least 0, got " + maxWaitingRequests);
        }
        if (contextTokens < 0) {
            throw new IllegalArgumentException("contextTokens must be at least 0 (0: the model's), got " + contextTokens);
        }
        if (maxBatchTokens < maxRunningSequences) {
            throw new IllegalArgumentException("maxBatchTokens (" + maxBatchTokens + ") must be at least maxRunningSequences ("
                    + maxRunningSequences + "): every running sequence decodes one token per step");
        }
    }

    /** The model's trained context as the window. */
    public EngineConfig(int blockSize, long kvBudgetBytes, int maxBatchTokens, int maxRunningSequences,
                        int maxWaitingRequests) {
        this(blockSize, kvBudgetBytes, maxBatchTokens, maxRunningSequences, maxWaitingRequests, 0);
    }

    public static EngineConfig defaults() {
        return new EngineConfig(DEFAULT_BLOCK_SIZE, DEFAULT_KV_BUDGET_BYTES, DEFAULT_MAX_BATCH_TOKENS,
                DEFAULT_MAX_RUNNING_SEQUENCES, DEFAULT_MAX_WAITING_REQUESTS);
    }

    public EngineConfig withContextTokens(int tokens) {
        return new EngineConfig(blockSize, kvBudgetBytes, maxBatchTokens, maxRunningSequences, maxWaitingRequests, tokens);
    }

    public EngineConfig withKvBudgetBytes(long bytes) {
        return new EngineConfig(blockSize, bytes, maxBatchTokens, maxRunningSequences, maxWaitingRequests, contextTokens);
    }

    public EngineConfig withMaxRunningSequences(int sequences) {
        return new EngineConfig(blockSize, kvBudgetBytes, Math.max(maxBatchTokens, sequences), sequences,
                maxWaitingRequests, contextTokens);
    }

    public EngineConfig withMaxWaitingRequests(int requests) {
        return new EngineConfig(blockSize, kvBudgetBytes, maxBatchTokens, maxRunningSequences, requests, contextTokens);
    }

    public EngineConfig withBlockSize(int tokens) {
        return new EngineConfig(tokens, kvBudgetBytes, maxBatchTokens, maxRunningSequences, maxWaitingRequests, contextTokens);
    }

    private static void positive(String name, long value) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be positive, got " + value);
        }
    }
}
