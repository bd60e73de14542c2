package dev.osprey.context.server;

import dev.osprey.api.v1.Compaction;
import dev.osprey.api.v1.ContextWindow;
import dev.osprey.api.v1.PlanDecision;
import dev.osprey.api.v1.PlanItemKind;
import dev.osprey.api.v1.PlanTimings;
import dev.osprey.api.v1.PlannedSnippet;
import dev.osprey.api.v1.SessionInfo;
import dev.osprey.api.v1.StoredMessage;
import dev.osprey.context.compaction.CompactionMethod;
import dev.osprey.context.plan.Decision;
import dev.osprey.context.plan.ItemKind;
import dev.osprey.context.plan.PlanItem;
import dev.osprey.context.plan.PromptPlan;
import dev.osprey.context.plan.Snippet;
import dev.osprey.context.session.Message;
import dev.osprey.context.session.Session;
import dev.osprey.context.window.Window;
import java.util.Arrays;

/** Core plan and session types to their wire messages. */
final class PlanMapping {
    private PlanMapping() {
    }

    /** {@code plan} on the wire, with the nanoseconds its retrieval and its prompt building took. */
    static dev.osprey.api.v1.PromptPlan toProto(PromptPlan plan, long retrievalNanos, long promptNanos) {
        return builder(plan).setTimings(PlanTimings.newBuilder()
                .setRetrievalMs(retrievalNanos / 1e6).setPromptMs(promptNanos / 1e6)).build();
    }

    private static dev.osprey.api.v1.PromptPlan.Builder builder(PromptPlan plan) {
        Window window = plan.window();
        dev.osprey.api.v1.PromptPlan.Builder out = dev.osprey.api.v1.PromptPlan.newBuilder()
                .addAllTokenIds(Arrays.stream(plan.tokenIds()).boxed().toList())
                .setWindow(ContextWindow.newBuilder()
                        .setTotalTokens(window.totalTokens())
                        .setInputBudget(window.inputBudget())
                        .setOutputTokens(window.outputTokens())
                        .setReason(window.reason()))
                .setCompaction(compaction(plan.compaction()))
                .addAllStopIds(Arrays.stream(plan.stopIds()).boxed().toList());
        for (PlanItem item : plan.items()) {
            out.addItems(dev.osprey.api.v1.PlanItem.newBuilder()
                    .setKind(kind(item.kind()))
                    .setLabel(item.label())
                    .setCandidateTokens(item.candidateTokens())
                    .setIncludedTokens(item.includedTokens())
                    .setDecision(decision(item.decision()))
                    .setReason(item.reason()));
        }
        for (Snippet s : plan.snippets()) {
            PlannedSnippet.Builder snippet = PlannedSnippet.newBuilder().setPath(s.path()).setStartLine(s.startLine())
                    .setEndLine(s.endLine()).setSymbol(s.symbol()).setText(s.text()).setReason(s.reason());
            if (Double.isFinite(s.score())) {
                snippet.setScore(s.score());
            }
            out.addSnippets(snippet);
        }
        return out;
    }

    static PlanItemKind kind(ItemKind kind) {
        return switch (kind) {
            case SYSTEM_PROMPT -> PlanItemKind.SYSTEM_PROMPT;
            case LATEST_MESSAGE -> PlanItemKind.LATEST_MESSAGE;
            case PREFIX -> PlanItemKind.PREFIX;
            case SUFFIX -> PlanItemKind.SUFFIX;
            case SNIPPET -> PlanItemKind.SNIPPET;
            case HISTORY_TURN -> PlanItemKind.HISTORY_TURN;
            case SUMMARY -> PlanItemKind.SUMMARY;
        };
    }

    static PlanDecision decision(Decision decision) {
        return switch (decision) {
            case INCLUDED -> PlanDecision.INCLUDED;
            case TRIMMED -> PlanDecision.TRIMMED;
            case DROPPED -> PlanDecision.DROPPED;
        };
    }

    static Compaction compaction(CompactionMethod method) {
        return switch (method) {
            case NONE -> Compaction.NONE;
            case MODEL_SUMMARY -> Compaction.MODEL_SUMMARY;
            case EXTRACTIVE -> Compaction.EXTRACTIVE;
        };
    }

    static SessionInfo toProto(Session session) {
        return SessionInfo.newBuilder()
                .setSessionId(session.id())
                .setMessageCount((int) Math.min(Integer.MAX_VALUE, session.messageCount()))
                .setTotalTokens(session.totalTokens())
                .setCreatedAtMs(session.createdAt().toEpochMilli())
                .setLastActiveAtMs(session.lastActiveAt().toEpochMilli())
                .build();
    }

    static StoredMessage toProto(Message message) {
        return StoredMessage.newBuilder()
                .setSequence(message.sequence())
                .setRole(message.role().wireName())
                .setContent(message.content())
                .setTokenCount(message.tokenCount())
                .setTimestampMs(message.timestamp().toEpochMilli())
                .build();
    }
}
