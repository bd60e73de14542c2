package dev.osprey.context.plan;

/**
 * Provenance of one candidate item.
 *
 * @param kind            what it is
 * @param label           which one: a snippet's {@code path:lines}, a turn's sequence and role, ...
 * @param candidateTokens its tokens on its own, before any cut
 * @param includedTokens  its tokens as sent (0 when dropped)
 * @param decision        included, trimmed or dropped
 * @param reason          why
 */
public record PlanItem(ItemKind kind, String label, int candidateTokens, int includedTokens, Decision decision,
                       String reason) {
}
