package dev.osprey.context.plan;

import dev.osprey.context.conversation.Turn;
import dev.osprey.context.compaction.CompactionMethod;
import dev.osprey.context.compaction.Compactor;
import dev.osprey.context.compaction.Summary;
import dev.osprey.context.window.Window;
import dev.osprey.context.window.WindowPolicy;
import dev.osprey.tokenizer.EncodeOptions;
import dev.osprey.tokenizer.Tokenizer;
import dev.osprey.tokenizer.template.ChatMessage;
import dev.osprey.tokenizer.template.ChatPromptEncoder;
import dev.osprey.tokenizer.template.ChatTemplate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Plans chat prompts for one model. Within the window's input budget, in priority order: the system
 * prompt and the latest message (always), retrieved snippets by score (at most
 * {@link #SNIPPET_SHARE_WITH_HISTORY} of the room when there is history), then history from newest to
 * oldest; older turns beyond the budget are compacted into a summary. The prompt is laid out with the
 * stable items first — system prompt, then snippets ordered by path and line, then the summary, the
 * kept history oldest first, the latest message — so the inference service's prefix cache hits across
 * requests. The returned ids never exceed the input budget: the plan is rendered with the model's chat
 * template and encoded (message contents cannot inject control tokens), and if the template's own
 * tokens push it over, the lowest-priority items go until it fits.
 */
public final class ChatPlanner {
    /** A snippet cut shorter than this is dropped instead. */
    static final int MIN_SNIPPET_TOKENS = 48;
    /** Below this much room, no summary is attempted. */
    static final int MIN_SUMMARY_TOKENS = 32;
    /** At most this much of the budget goes to the summary. */
    static final int MAX_SUMMARY_TOKENS = 512;
    /** When there is history, snippets take at most this share of the room, so the conversation keeps its thread. */
    static final double SNIPPET_SHARE_WITH_HISTORY = 0.6;

    private final Tokenizer tokenizer;
    private final ChatTemplate template;
    private final ChatPromptEncoder encoder;
    private final WindowPolicy policy;
    private final int contextLength;
    private final Compactor compactor;
    private final int messageOverhead;

    public ChatPlanner(Tokenizer tokenizer, ChatTemplate template, WindowPolicy policy, int contextLength,
                       Compactor compactor) {
        this.tokenizer = tokenizer;
        this.template = template;
        this.encoder = new ChatPromptEncoder(tokenizer);
        this.policy = policy;
        this.contextLength = contextLength;
        this.compactor = compactor;
        this.messageOverhead = measureMessageOverhead();
    }

    public PromptPlan plan(ChatPlanRequest request) {
        int required = encode(layout(request.systemPrompt(), List.of(), null, List.of(), request.latestMessage())).length;
        List<Scored> snippets = new ArrayList<>();
        int wanted = required;
        for (Snippet s : request.snippets()) {
            int cost = tokens(SnippetFormat.markdown(s));
            snippets.add(new Scored(s, cost));
            wanted += cost;
        }
        for (Turn t : request.history()) {
            wanted += tokens(t.content()) + messageOverhead;
        }
        Window window = policy.choose(request.task(), contextLength, request.maxOutputTokens(), wanted, required);
        int room = window.inputBudget() - required;

        List<PlanItem> items = new ArrayList<>();
        items.add(new PlanItem(ItemKind.LATEST_MESSAGE, "latest user message", tokens(request.latestMessage()),
                tokens(request.latestMessage()), Decision.INCLUDED, "always sent"));
        if (!request.systemPrompt().isEmpty()) {
            int t = tokens(request.systemPrompt());
            items.add(new PlanItem(ItemKind.SYSTEM_PROMPT, "system prompt", t, t, Decision.INCLUDED, "always sent"));
        }

        snippets.sort(Comparator.comparingDouble((Scored s) -> -s.snippet.score()).thenComparing(s -> s.snippet.label()));
        List<Snippet> keptSnippets = new ArrayList<>();
        int snippetRoom = request.history().isEmpty() ? room : (int) (room * SNIPPET_SHARE_WITH_HISTORY);
        room -= snippetRoom;
        int snippetHeader = snippets.isEmpty() ? 0 : tokens(SnippetFormat.HEADER);
        boolean headerPaid = false;
        for (Scored s : snippets) {
            int header = headerPaid ? 0 : snippetHeader;
            if (s.tokens + header <= snippetRoom) {
                keptSnippets.add(s.snippet);
                snippetRoom -= s.tokens + header;
                headerPaid = true;
                items.add(new PlanItem(ItemKind.SNIPPET, s.snippet.label(), s.tokens, s.tokens, Decision.INCLUDED,
                        "score " + score(s.snippet)));
            } else if (snippetRoom - header >= MIN_SNIPPET_TOKENS) {
                Snippet cut = SnippetFormat.trimToTokens(s.snippet, snippetRoom - header,
                        part -> tokens(SnippetFormat.markdown(part)));
                int cost = tokens(SnippetFormat.markdown(cut));
                if (cut.text().isEmpty() || cost + header > snippetRoom) {
                    items.add(dropped(ItemKind.SNIPPET, s.snippet.label(), s.tokens, "no room left"));
                    continue;
                }
                keptSnippets.add(cut);
                snippetRoom -= cost + header;
                headerPaid = true;
                items.add(new PlanItem(ItemKind.SNIPPET, s.snippet.label(), s.tokens, cost, Decision.TRIMMED,
                        "score " + score(s.snippet) + "; cut to lines " + cut.startLine() + "-" + cut.endLine()
                                + " to fit"));
            } else {
                items.add(dropped(ItemKind.SNIPPET, s.snippet.label(), s.tokens, "no room left (score "
                        + score(s.snippet) + ")"));
            }
        }

        room += snippetRoom;

        List<Turn> history = request.history();
        int firstKept = history.size();
        List<PlanItem> historyItems = new ArrayList<>();
        for (int i = history.size() - 1; i >= 0; i--) {
            Turn t = history.get(i);
            int cost = tokens(t.content()) + messageOverhead;
            if (cost > room) {
                break;
            }
            room -= cost;
            firstKept = i;
            historyItems.addFirst(new PlanItem(ItemKind.HISTORY_TURN, turnLabel(t), cost - messageOverhead,
                    cost - messageOverhead, Decision.INCLUDED, "recent enough to fit"));
        }
        for (int i = historyItems.size() - 1; i >= 0; i--) {
            items.add(historyItems.get(i));
        }
        List<Turn> older = history.subList(0, firstKept);
        Summary summary = null;
        CompactionMethod compaction = CompactionMethod.NONE;
        String summaryText = null;
        if (!older.isEmpty()) {
            int summaryHeader = tokens(SnippetFormat.SUMMARY_HEADER);
            int budget = Math.min(MAX_SUMMARY_TOKENS, room - summaryHeader);
            String reason;
            if (budget >= MIN_SUMMARY_TOKENS) {
                summary = compactor.compact(request.session(), older, budget);
                compaction = summary.method();
                summaryText = summary.text();
                room -= summary.tokens() + summaryHeader;
                reason = compaction == CompactionMethod.MODEL_SUMMARY ? "beyond the budget: compacted into the model's summary"
                        : "beyond the budget: trimmed extractively into the summary (inference unavailable)";
                items.add(new PlanItem(ItemKind.SUMMARY, "summary of turns through #" + summary.coversThroughSequence(),
                        summary.tokens(), summary.tokens(), Decision.INCLUDED, compaction == CompactionMethod.MODEL_SUMMARY
                                ? "model summary of " + older.size() + " older turns" : "extractive summary of "
                                + older.size() + " older turns"));
            } else {
                reason = "beyond the budget, and no room for a summary";
            }
            for (Turn t : older) {
                items.add(dropped(ItemKind.HISTORY_TURN, turnLabel(t), tokens(t.content()), reason));
            }
        }

        List<Turn> kept = new ArrayList<>(history.subList(firstKept, history.size()));
        int[] ids = encode(layout(request.systemPrompt(), keptSnippets, summaryText, kept, request.latestMessage()));
        while (ids.length > window.inputBudget()) {
            // the template's tokens around messages cost more than measured: drop the lowest priority item
            if (!kept.isEmpty()) {
                Turn gone = kept.removeFirst();
                replace(items, ItemKind.HISTORY_TURN, turnLabel(gone), "template overhead: oldest kept turn dropped to fit");
            } else if (summaryText != null) {
                summaryText = null;
                compaction = CompactionMethod.NONE;
                replace(items, ItemKind.SUMMARY, null, "template overhead: summary dropped to fit");
            } else if (!keptSnippets.isEmpty()) {
                Snippet gone = keptSnippets.removeLast();
                replace(items, ItemKind.SNIPPET, gone.label(), "template overhead: lowest-scored snippet dropped to fit");
            } else {
                break;
            }
            ids = encode(layout(request.systemPrompt(), keptSnippets, summaryText, kept, request.latestMessage()));
        }
        return new PromptPlan(ids, window, items, compaction, new int[0], SnippetFormat.promptOrder(keptSnippets));
    }

    /** The messages in prompt order: stable first. */
    private List<ChatMessage> layout(String system, List<Snippet> snippets, String summary, List<Turn> history,
                                     String latest) {
        StringBuilder first = new StringBuilder(system);
        List<Snippet> ordered = SnippetFormat.promptOrder(snippets);
        if (!ordered.isEmpty()) {
            if (!first.isEmpty()) {
                first.append("\n\n");
            }
            first.append(SnippetFormat.HEADER);
            for (Snippet s : ordered) {
                first.append(SnippetFormat.markdown(s));
            }
        }
        if (summary != null) {
            if (!first.isEmpty()) {
                first.append("\n\n");
            }
            first.append(SnippetFormat.SUMMARY_HEADER).append(summary);
        }
        List<ChatMessage> messages = new ArrayList<>();
        if (!first.isEmpty()) {
            messages.add(ChatMessage.system(first.toString()));
        }
        for (Turn t : history) {
            messages.add(new ChatMessage(t.role(), t.content()));
        }
        messages.add(ChatMessage.user(latest));
        return messages;
    }

    private int[] encode(List<ChatMessage> messages) {
        String rendered = template.render(messages, true);
        List<String> contents = messages.stream().map(ChatMessage::content).toList();
        return encoder.encode(rendered, contents, replaced -> {
            List<ChatMessage> copy = new ArrayList<>(messages.size());
            for (int i = 0; i < messages.size(); i++) {
                copy.add(new ChatMessage(messages.get(i).role(), replaced.get(i)));
            }
            return template.render(copy, true);
        });
    }

    /** Template tokens one more message costs beyond its content, measured on a three-message exchange. */
    private int measureMessageOverhead() {
        String word = "hello";
        int one = encode(List.of(ChatMessage.user(word))).length;
        int three = encode(List.of(ChatMessage.user(word), ChatMessage.assistant(word), ChatMessage.user(word))).length;
        return Math.max(0, (three - one - 2 * tokens(word) + 1) / 2);
    }

    int tokens(String text) {
        return tokenizer.count(text, EncodeOptions.PLAIN);
    }

    private static void replace(List<PlanItem> items, ItemKind kind, String label, String reason) {
        for (int i = 0; i < items.size(); i++) {
            PlanItem item = items.get(i);
            if (item.kind() == kind && item.decision() != Decision.DROPPED && (label == null || item.label().equals(label))) {
                items.set(i, new PlanItem(kind, item.label(), item.candidateTokens(), 0, Decision.DROPPED, reason));
                return;
            }
        }
    }

    private static PlanItem dropped(ItemKind kind, String label, int tokens, String reason) {
        return new PlanItem(kind, label, tokens, 0, Decision.DROPPED, reason);
    }

    private static String turnLabel(Turn t) {
        return "turn #" + t.sequence() + " (" + t.role() + ")";
    }

    private static String score(Snippet s) {
        return String.format(java.util.Locale.ROOT, "%.3f", s.score());
    }

    private record Scored(Snippet snippet, int tokens) {
    }
}
