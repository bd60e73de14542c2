package dev.osprey.context.compaction;

/**
 * A compacted stretch of a conversation.
 *
 * @param coversThroughSequence the last turn's sequence number it covers (every earlier turn too)
 * @param text                  the summary
 * @param tokens                its token count
 * @param method                how it was made
 */
public record Summary(long coversThroughSequence, String text, int tokens, CompactionMethod method) {
}
