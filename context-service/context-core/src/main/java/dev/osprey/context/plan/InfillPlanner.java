package dev.osprey.context.plan;

import dev.osprey.context.compaction.CompactionMethod;
import dev.osprey.context.window.Task;
import dev.osprey.context.window.Window;
import dev.osprey.context.window.WindowPolicy;
import dev.osprey.tokenizer.EncodeOptions;
import dev.osprey.tokenizer.Tokenizer;
import dev.osprey.tokenizer.fim.FimPromptBuilder;
import dev.osprey.tokenizer.fim.FimRequest;
import dev.osprey.tokenizer.fim.FimSpec;
import dev.osprey.tokenizer.fim.RepositoryContext;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Plans fill-in-the-middle prompts for one model. The window is the smallest infill tier whose snippet room holds the
 * skeletons of every evidenced snippet ({@link Snippet#evidenced()}: a definition the code at the cursor was tied to,
 * or a file the client sent), so a completion that needs more definitions gets a larger window and one that needs
 * none the smallest, whatever the file's length. The code nearest the cursor comes first: up to
 * {@link #PREFIX_SHARE} of the input budget for the prefix's tail and {@link #SUFFIX_SHARE} for the
 * suffix's head, cut at line and syntax boundaries (so at least a third of the room can go to the
 * repository's definitions); retrieved snippets by score take what is left, a
 * snippet with a skeleton (a definition's signature and doc) as that skeleton first, so that more of the
 * definitions the cursor needs fit, then as its whole body in score order where the room left allows;
 * room the snippets leave goes back to the prefix, then the suffix. Snippets are written in the model
 * family's repository format where its vocabulary has one (Qwen2.5-Coder's {@code <|repo_name|>} and
 * {@code <|file_sep|>}, StarCoder's), otherwise as comments with the file path before the prefix, as
 * Tabby does; either way ordered by path and line, so repeated requests share a prompt prefix.
 *
 * @throws dev.osprey.tokenizer.fim.FimUnsupportedException from the constructor if the model has no FIM tokens
 */
public final class InfillPlanner {
    static final double PREFIX_SHARE = 0.5;
    static final double SUFFIX_SHARE = 0.15;
    /** Characters of snippet text whose token counts are kept between plans, and the longest snippet kept. */
    static final long SNIPPET_COUNT_CHARS = 8L << 20;
    static final int SNIPPET_COUNT_MAX_TEXT = 64 << 10;

    private final Tokenizer tokenizer;
    private final FimPromptBuilder builder;
    private final WindowPolicy policy;
    private final int contextLength;
    private final TokenCounts snippetCounts;

    public InfillPlanner(String modelName, Tokenizer tokenizer, WindowPolicy policy, int contextLength) {
        this.tokenizer = tokenizer;
        this.builder = FimPromptBuilder.forModel(modelName, tokenizer);
        this.policy = policy;
        this.contextLength = contextLength;
        this.snippetCounts = new TokenCounts(this::tokens, SNIPPET_COUNT_CHARS, SNIPPET_COUNT_MAX_TEXT);
    }

    public FimSpec spec() {
        return builder.spec();
    }

    /**
     * The parts of a prefix and suffix that the largest infill window can reach, with their tokens: the first and
     * costliest step of {@link #plan}, taken apart so that a caller can count them while it retrieves snippets.
     */
    public CodeReach reach(String prefix, String suffix) {
        int reach = policy.largest(Task.INFILL, contextLength);
        String after = suffix == null ? "" : suffix; // as InfillPlanRequest takes it
        return new CodeReach(prefix, after, CodeCut.tailReach(prefix, reach, this::tokens),
                CodeCut.headReach(after, reach, this::tokens));
    }

    /** {@link #reach}'s result: what {@link #plan(InfillPlanRequest, CodeReach)} would otherwise count itself. */
    public static final class CodeReach {
        private final String prefix;
        private final String suffix;
        private final CodeCut.Reach prefixReach;
        private final CodeCut.Reach suffixReach;

        private CodeReach(String prefix, String suffix, CodeCut.Reach prefixReach, CodeCut.Reach suffixReach) {
            this.prefix = prefix;
            this.suffix = suffix;
            this.prefixReach = prefixReach;
            this.suffixReach = suffixReach;
        }

        boolean isFor(InfillPlanRequest request) {
            return prefix.equals(request.prefix()) && suffix.equals(request.suffix());
        }
    }

    public PromptPlan plan(InfillPlanRequest request) {
        return plan(request, reach(request.prefix(), request.suffix()));
    }

    /**
     * {@link #plan(InfillPlanRequest)} with the prefix's and suffix's reach already counted by {@link #reach}.
     *
     * @throws IllegalArgumentException if {@code code} was counted for another prefix or suffix
     */
    public PromptPlan plan(InfillPlanRequest request, CodeReach code) {
        if (!code.isFor(request)) {
            throw new IllegalArgumentException("the code reach was counted for another prefix or suffix");
        }
        boolean repoFormat = builder.spec().supportsRepositoryContext();
        int overhead = build("", "", request, List.of(), repoFormat).length;
        // a long file is read only as far as the largest window reaches
        CodeCut.Reach prefixReach = code.prefixReach;
        CodeCut.Reach suffixReach = code.suffixReach;
        String prefixText = prefixReach.text();
        String suffixText = suffixReach.text();
        int prefixTokens = prefixReach.tokens();
        int suffixTokens = suffixReach.tokens();
        List<Costed> snippets = new ArrayList<>();
        int neededTokens = 0;
        int needed = 0;
        for (Snippet s : request.snippets()) {
            int cost = snippetCost(s, request.path(), repoFormat);
            int skeletonCost = s.skeleton().isEmpty() ? 0
                    : snippetCost(s.withText(s.skeleton(), s.endLine()), request.path(), repoFormat);
            snippets.add(new Costed(s, cost, skeletonCost));
            if (s.evidenced()) {
                needed++;
                neededTokens += s.skeleton().isEmpty() ? cost : skeletonCost;
            }
        }
        int neededRoom = neededTokens;
        Window window = policy.chooseFirst(Task.INFILL, contextLength, request.maxOutputTokens(), overhead + 1,
                input -> snippetRoom(input - overhead, prefixTokens, suffixTokens) >= neededRoom,
                needed == 0 ? "the code at the cursor" : needed + " needed definitions' skeletons (" + neededTokens
                        + " tokens) beside the code at the cursor");
        int room = window.inputBudget() - overhead;

        int prefixBudget = Math.min(prefixTokens, (int) (room * PREFIX_SHARE));
        int suffixBudget = Math.min(suffixTokens, (int) (room * SUFFIX_SHARE));
        int snippetRoom = snippetRoom(room, prefixTokens, suffixTokens);

        snippets.sort(Comparator.comparingDouble((Costed c) -> -c.snippet.score()).thenComparing(c -> c.snippet.label()));
        // first pass, by score: each snippet whole, or its skeleton when it has one, or its head cut to fit
        List<PlanItem> snippetItems = new ArrayList<>();
        List<Snippet> kept = new ArrayList<>();
        List<Costed> skeletons = new ArrayList<>(); // sent as skeletons: bodies may follow in the second pass
        for (Costed c : snippets) {
            Snippet s = c.snippet;
            if (c.tokens <= snippetRoom && s.skeleton().isEmpty()) {
                kept.add(s);
                snippetRoom -= c.tokens;
                snippetItems.add(new PlanItem(ItemKind.SNIPPET, s.label(), c.tokens, c.tokens, Decision.INCLUDED,
                        why(s)));
                continue;
            }
            if (!s.skeleton().isEmpty()) {
                int cost = c.skeletonTokens;
                if (cost <= snippetRoom) {
                    kept.add(s.withText(s.skeleton(), s.endLine()));
                    snippetRoom -= cost;
                    skeletons.add(c);
                    snippetItems.add(new PlanItem(ItemKind.SNIPPET, s.label(), c.tokens, cost, Decision.TRIMMED,
                            why(s) + "; signature and doc only"));
                } else {
                    snippetItems.add(dropped(c, "no room left (" + why(s) + ")"));
                }
            } else if (snippetRoom >= ChatPlanner.MIN_SNIPPET_TOKENS) {
                Snippet cut = SnippetFormat.trimToTokens(s, snippetRoom,
                        part -> uncachedSnippetCost(part, request.path(), repoFormat));
                int cost = uncachedSnippetCost(cut, request.path(), repoFormat);
                if (cut.text().isEmpty() || cost > snippetRoom) {
                    snippetItems.add(dropped(c, "no room left"));
                    continue;
                }
                kept.add(cut);
                snippetRoom -= cost;
                snippetItems.add(new PlanItem(ItemKind.SNIPPET, s.label(), c.tokens, cost, Decision.TRIMMED,
                        why(s) + "; cut to lines " + cut.startLine() + "-" + cut.endLine()));
            } else {
                snippetItems.add(dropped(c, "no room left (" + why(s) + ")"));
            }
        }
        // second pass, by score: a skeleton becomes the whole body where the room left holds the difference
        for (Costed whole : skeletons) {
            int more = whole.tokens - whole.skeletonTokens;
            if (more <= snippetRoom) {
                snippetRoom -= more;
                kept.replaceAll(k -> k.label().equals(whole.snippet.label()) && k.text().equals(whole.snippet.skeleton())
                        ? whole.snippet : k);
                snippetItems.replaceAll(p -> p.label().equals(whole.snippet.label()) ? new PlanItem(ItemKind.SNIPPET,
                        p.label(), whole.tokens, whole.tokens, Decision.INCLUDED, why(whole.snippet)) : p);
            }
        }
        int extra = snippetRoom;
        int prefixGrow = Math.min(extra, prefixTokens - prefixBudget);
        prefixBudget += prefixGrow;
        suffixBudget += Math.min(extra - prefixGrow, suffixTokens - suffixBudget);

        String prefix = CodeCut.tail(prefixText, prefixTokens, prefixBudget, this::tokens);
        String suffix = CodeCut.head(suffixText, suffixTokens, suffixBudget, this::tokens);
        int[] ids = build(prefix, suffix, request, kept, repoFormat);
        while (ids.length > window.inputBudget()) {
            // token boundaries between parts can add a few tokens: take them back from the room the prefix was
            // given beyond its share, then shed the lowest snippet, then prefix lines
            int over = ids.length - window.inputBudget();
            if (prefixGrow > 0) {
                int cut = Math.min(prefixGrow, over);
                prefixGrow -= cut;
                prefixBudget -= cut;
                prefix = CodeCut.tail(prefixText, prefixTokens, prefixBudget, this::tokens);
            } else if (!kept.isEmpty()) {
                Snippet gone = kept.removeLast();
                for (int i = 0; i < snippetItems.size(); i++) {
                    if (snippetItems.get(i).label().equals(gone.label())) {
                        PlanItem p = snippetItems.get(i);
                        snippetItems.set(i, new PlanItem(p.kind(), p.label(), p.candidateTokens(), 0, Decision.DROPPED,
                                "token boundaries: dropped to fit"));
                    }
                }
            } else {
                prefixBudget = Math.max(0, prefixBudget - over);
                prefix = CodeCut.tail(prefixText, prefixTokens, prefixBudget, this::tokens);
            }
            ids = build(prefix, suffix, request, kept, repoFormat);
        }

        List<PlanItem> items = new ArrayList<>();
        items.add(codeItem(ItemKind.PREFIX, "prefix (before the cursor)", prefixReach,
                prefix.length() == prefixText.length() ? prefixTokens : tokens(prefix)));
        items.add(codeItem(ItemKind.SUFFIX, "suffix (after the cursor)", suffixReach,
                suffix.length() == suffixText.length() ? suffixTokens : tokens(suffix)));
        items.addAll(snippetItems);
        int[] stops = builder.spec().stopIds().stream().mapToInt(Integer::intValue).toArray();
        return new PromptPlan(ids, window, items, CompactionMethod.NONE, stops, SnippetFormat.promptOrder(kept));
    }

    /** What {@code room} tokens leave for snippets once the prefix and suffix have their shares. */
    private static int snippetRoom(int room, int prefixTokens, int suffixTokens) {
        return room - Math.min(prefixTokens, (int) (room * PREFIX_SHARE))
                - Math.min(suffixTokens, (int) (room * SUFFIX_SHARE));
    }

    private int[] build(String prefix, String suffix, InfillPlanRequest request, List<Snippet> snippets,
                        boolean repoFormat) {
        List<Snippet> ordered = SnippetFormat.promptOrder(snippets);
        FimRequest fim;
        if (repoFormat) {
            List<RepositoryContext.File> files = ordered.stream()
                    .map(s -> new RepositoryContext.File(s.path(), s.text())).toList();
            fim = ordered.isEmpty() && request.repositoryName().isEmpty() ? FimRequest.of(prefix, suffix)
                    : FimRequest.of(prefix, suffix).withRepository(
                            new RepositoryContext(request.repositoryName(), files, request.path()));
        } else {
            StringBuilder comments = new StringBuilder();
            String marker = CommentStyle.of(request.path());
            for (Snippet s : ordered) {
                comments.append(CommentStyle.commented(s, marker));
            }
            fim = FimRequest.of(comments + prefix, suffix);
        }
        return builder.build(fim).ids();
    }

    /** A snippet's tokens in the prompt, its count kept for the next plans ({@link TokenCounts}). */
    private int snippetCost(Snippet s, String currentPath, boolean repoFormat) {
        return snippetCounts.of(snippetText(s, currentPath, repoFormat)) + (repoFormat ? 1 : 0);
    }

    /** {@link #snippetCost} of a passing cut of a snippet, not kept. */
    private int uncachedSnippetCost(Snippet s, String currentPath, boolean repoFormat) {
        return tokens(snippetText(s, currentPath, repoFormat)) + (repoFormat ? 1 : 0);
    }

    /** The snippet's text as the prompt carries it; the repository format adds one separator token to it. */
    private static String snippetText(Snippet s, String currentPath, boolean repoFormat) {
        return repoFormat ? s.path() + "\n" + s.text() + "\n" : CommentStyle.commented(s, CommentStyle.of(currentPath));
    }

    private int tokens(String text) {
        return tokenizer.count(text, EncodeOptions.PLAIN);
    }

    /** The prefix or suffix; a part read only as far as the largest window reaches counts the tokens read. */
    private static PlanItem codeItem(ItemKind kind, String label, CodeCut.Reach reach, int included) {
        int candidate = reach.tokens();
        if (!reach.whole()) {
            return new PlanItem(kind, label, candidate, included, included == 0 ? Decision.DROPPED : Decision.TRIMMED,
                    "cut at a line boundary to fit the window (the part nearest the cursor kept; tokens counted as far"
                            + " as the largest window reaches)");
        }
        if (candidate == 0) {
            return new PlanItem(kind, label, 0, 0, Decision.INCLUDED, "empty");
        }
        if (included >= candidate) {
            return new PlanItem(kind, label, candidate, included, Decision.INCLUDED, "nearest the cursor: sent first");
        }
        return new PlanItem(kind, label, candidate, included, included == 0 ? Decision.DROPPED : Decision.TRIMMED,
                "cut at a line boundary to fit the window (the part nearest the cursor kept)");
    }

    private static PlanItem dropped(Costed c, String reason) {
        return new PlanItem(ItemKind.SNIPPET, c.snippet.label(), c.tokens, 0, Decision.DROPPED, reason);
    }

    /** The retriever's reason, else the score. */
    private static String why(Snippet s) {
        return s.reason().isEmpty() ? "score " + String.format(java.util.Locale.ROOT, "%.3f", s.score()) : s.reason();
    }

    /** A snippet's tokens whole and as its skeleton (0 without one), each counted once per plan. */
    private record Costed(Snippet snippet, int tokens, int skeletonTokens) {
    }
}
