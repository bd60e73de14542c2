package dev.osprey.engine.serve;

/**
 * A snapshot of the engine after its latest step; counters are cumulative since start.
 *
 * @param waiting         requests submitted and not running (including preempted ones)
 * @param running         requests holding KV blocks
 * @param kvBlocksUsed    blocks referenced by a running request
 * @param kvBlocksTotal   blocks in the pool
 * @param prefixHits      prefix-cache block lookups that found a block
 * @param prefixLookups   prefix-cache block lookups
 * @param preemptions     running requests preempted to make room
 * @param lastBatchTokens tokens in the latest forward pass
 * @param steps           forward passes run
 */
public record EngineStats(int waiting, int running, int kvBlocksUsed, int kvBlocksTotal, long prefixHits,
                          long prefixLookups, long preemptions, int lastBatchTokens, long steps) {
}
