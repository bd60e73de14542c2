package dev.osprey.context.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.osprey.context.window.WindowPolicy;
import dev.osprey.context.window.WindowTiers;
import dev.osprey.testkit.ReferenceFiles;
import dev.osprey.tokenizer.EncodeOptions;
import dev.osprey.tokenizer.Tokenizer;
import dev.osprey.tokenizer.Tokenizers;
import dev.osprey.tokenizer.fim.FimUnsupportedException;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class InfillPlannerTest {
    private static final Tokenizer QWEN = TestVocabularies.qwen();
    private static final WindowPolicy POLICY = new WindowPolicy(WindowTiers.defaults());

    private static String javaFile(int methods) {
        StringBuilder b = new StringBuilder("package demo;\n\nimport java.util.List;\n\npublic class Big {\n");
        for (int i = 0; i < methods; i++) {
            b.append("    int method").append(i).append("(int x) {\n")
                    .append("        int y = x * ").append(i).append(";\n")
                    .append("        return y + ").append(i).append(";\n")
                    .append("    }\n\n");
        }
        return b.toString();
    }

    private static String decode(PromptPlan plan, Tokenizer tokenizer) {
        return tokenizer.decode(plan.tokenIds(), true);
    }

    @Test
    void smallRequestsAreSentWholeWithSnippetsInTheRepositoryFormat() {
        InfillPlanner planner = new InfillPlanner("qwen", QWEN, POLICY, 32768);
        InfillPlanRequest request = new InfillPlanRequest("int add(int a, int b) {\n    return ", ";\n}\n",
                "src/Calc.java", "demo", List.of(new Snippet("src/Util.java", 3, 5, "Util.sum", "static int sum(int a, int b) {\n    return a + b;\n}", 0.8)),
                64);
        PromptPlan plan = planner.plan(request);
        String text = decode(plan, QWEN);
        assertThat(text).contains("<|repo_name|>demo").contains("<|file_sep|>src/Util.java\nstatic int sum")
                .contains("<|file_sep|>src/Calc.java").contains("<|fim_prefix|>int add(int a, int b) {\n    return <|fim_suffix|>;\n}\n<|fim_middle|>");
        assertThat(plan.items()).allMatch(i -> i.decision() == Decision.INCLUDED);
        assertThat(plan.window().totalTokens()).isEqualTo(1024);
        int fimEnd = QWEN.vocabulary().id("<|endoftext|>").orElseThrow();
        assertThat(plan.stopIds()).contains(fimEnd);
    }

    @Test
    void longCodeIsCutAtLineBoundariesKeepingWhatIsNearestTheCursor() {
        InfillPlanner planner = new InfillPlanner("qwen", QWEN, POLICY, 32768);
        String prefix = javaFile(400) + "    int target(int x) {\n        return x";
        String suffix = " + 1;\n    }\n" + javaFile(400).substring("package demo;\n\nimport java.util.List;\n\npublic class Big {\n".length());
        PromptPlan plan = planner.plan(new InfillPlanRequest(prefix, suffix, "src/Big.java", "", List.of(), 128));
        // no definition is needed: the smallest tier, however long the file
        assertThat(plan.window().totalTokens()).isEqualTo(1024);
        assertThat(plan.window().reason()).isEqualTo("INFILL tier 1024 (smallest holding the code at the cursor)");
        assertThat(plan.tokenIds().length).isLessThanOrEqualTo(plan.window().inputBudget());
        String text = decode(plan, QWEN);
        String keptPrefix = text.substring(text.indexOf("<|fim_prefix|>") + "<|fim_prefix|>".length(), text.indexOf("<|fim_suffix|>"));
        String keptSuffix = text.substring(text.indexOf("<|fim_suffix|>") + "<|fim_suffix|>".length(), text.indexOf("<|fim_middle|>"));
        assertThat(prefix).endsWith(keptPrefix);
        assertThat(keptPrefix).startsWith("    int method").endsWith("        return x");
        assertThat(suffix).startsWith(keptSuffix);
        assertThat(keptSuffix).startsWith(" + 1;\n    }\n").endsWith("\n");
        PlanItem prefixItem = plan.items().getFirst();
        assertThat(prefixItem.kind()).isEqualTo(ItemKind.PREFIX);
        assertThat(prefixItem.decision()).isEqualTo(Decision.TRIMMED);
        assertThat(prefixItem.includedTokens()).isGreaterThan(plan.items().get(1).includedTokens());
    }

    /** {@code n} definitions whose skeletons take about 35 tokens each. */
    private static List<Snippet> definitions(int n) {
        List<Snippet> out = new java.util.ArrayList<>();
        for (int i = 0; i < n; i++) {
            String skeleton = "/** Returns the checksum number " + i + " of the value, folded with the seed. */\n"
                    + "static int checksumNumber" + i + "(int value, int seed, java.util.List<String> names)";
            out.add(new Snippet("lib/C" + i + ".java", 1, 40, "C" + i, skeleton + " {\n" + "    value++;\n".repeat(30)
                    + "}", 0.9 - i * 0.01, skeleton, "used at the cursor"));
        }
        return out;
    }

    @Test
    void neededDefinitionsGrowTheWindowTierByTierAndSearchHitsDoNot() {
        InfillPlanner planner = new InfillPlanner("qwen", QWEN, POLICY, 32768);
        String prefix = javaFile(400) + "    int target(int x) {\n        return x";
        List<Integer> tiers = new java.util.ArrayList<>();
        for (int n : new int[] {2, 14, 30, 200}) {
            PromptPlan plan = planner.plan(new InfillPlanRequest(prefix, ";\n    }\n}\n", "src/Big.java", "",
                    definitions(n), 64));
            tiers.add(plan.window().totalTokens());
            assertThat(plan.tokenIds().length).isLessThanOrEqualTo(plan.window().inputBudget());
            assertThat(plan.window().reason()).contains(n + " needed definitions' skeletons");
            if (n <= 30) {
                assertThat(plan.items().stream().filter(i -> i.kind() == ItemKind.SNIPPET))
                        .as("every needed skeleton fits the grown window").noneMatch(i -> i.decision() == Decision.DROPPED);
            }
        }
        assertThat(tiers).containsExactly(1024, 2048, 4096, 4096);
        // the same text found by search alone (no skeleton) leaves the window at the smallest tier
        List<Snippet> hits = definitions(20).stream().map(s -> new Snippet(s.path(), s.startLine(), s.endLine(), "",
                s.text(), s.score())).toList();
        assertThat(planner.plan(new InfillPlanRequest(prefix, "", "src/Big.java", "", hits, 64)).window().totalTokens())
                .isEqualTo(1024);
        // so does a small model context
        assertThat(new InfillPlanner("qwen", QWEN, POLICY, 1500).plan(new InfillPlanRequest(prefix, "", "src/Big.java",
                "", definitions(20), 64)).window().totalTokens()).isEqualTo(1500);
    }

    @Test
    void withoutRepositoryTokensSnippetsBecomeCommentsWithTheirPath() {
        Tokenizer deepseek = TestVocabularies.deepseekCoder();
        InfillPlanner planner = new InfillPlanner("deepseek-coder", deepseek, POLICY, 16384);
        assertThat(planner.spec().supportsRepositoryContext()).isFalse();
        PromptPlan plan = planner.plan(new InfillPlanRequest("x = helper(", ")\n", "app/main.py", "",
                List.of(new Snippet("app/util.py", 1, 2, "helper", "def helper(v):\n    return v * 2", 0.7)), 32));
        String text = decode(plan, deepseek);
        assertThat(text).contains("# Path: app/util.py\n# def helper(v):\n#     return v * 2\nx = helper(");
    }

    @Test
    void snippetsAreDroppedOrTrimmedByScoreAndThePlanNeverExceedsItsWindow() {
        InfillPlanner planner = new InfillPlanner("qwen", QWEN, POLICY, 8192);
        SplittableRandom random = new SplittableRandom(3);
        for (int round = 0; round < 20; round++) {
            List<Snippet> snippets = new java.util.ArrayList<>();
            for (int i = 0; i < 1 + random.nextInt(8); i++) {
                snippets.add(new Snippet("lib/F" + i + ".java", 1, 200, "", javaFile(1 + random.nextInt(60)), random.nextDouble()));
            }
            String file = javaFile(1 + random.nextInt(300));
            int cursor = random.nextInt(file.length());
            PromptPlan plan = planner.plan(new InfillPlanRequest(file.substring(0, cursor), file.substring(cursor),
                    "src/Big.java", "", snippets, 32 + random.nextInt(256)));
            assertThat(plan.tokenIds().length).as("round %d", round).isLessThanOrEqualTo(plan.window().inputBudget());
            List<PlanItem> snippetItems = plan.items().stream().filter(i -> i.kind() == ItemKind.SNIPPET).toList();
            assertThat(snippetItems).as("every candidate snippet is accounted for").hasSize(snippets.size());
            double previous = Double.MAX_VALUE;
            for (PlanItem item : snippetItems) {
                double score = snippets.stream().filter(s -> s.label().equals(item.label())).findFirst().orElseThrow().score();
                assertThat(score).as("snippets are considered best score first").isLessThanOrEqualTo(previous);
                previous = score;
                if (item.decision() == Decision.DROPPED) {
                    assertThat(item.includedTokens()).isZero();
                } else {
                    assertThat(item.includedTokens()).isPositive().isLessThanOrEqualTo(item.candidateTokens());
                }
            }
        }
    }

    /** A definition whose body is long and whose skeleton (signature and doc) is one line. */
    private static Snippet definition(String name, double score) {
        String skeleton = "static int " + name + "(int x)";
        String body = skeleton + " {\n" + "        x = x * 31 + 7;\n".repeat(30) + "        return x;\n    }";
        return new Snippet("lib/" + name + ".java", 10, 53, name, body, score, skeleton, "used at the cursor: " + name);
    }

    @Test
    void skeletonsComeFirstSoMoreDefinitionsFitAndBodiesFollowByScoreWhereRoomAllows() {
        WindowPolicy small = new WindowPolicy(new WindowTiers(java.util.Map.of(
                dev.osprey.context.window.Task.INFILL, List.of(1024),
                dev.osprey.context.window.Task.CHAT, List.of(4096),
                dev.osprey.context.window.Task.REPOSITORY_CHAT, List.of(8192))));
        InfillPlanner planner = new InfillPlanner("qwen", QWEN, small, 32768);
        List<Snippet> snippets = List.of(definition("alpha", 0.9), definition("beta", 0.8), definition("gamma", 0.7),
                definition("delta", 0.6));
        PromptPlan plan = planner.plan(new InfillPlanRequest("int y = alpha(beta(gamma(delta(", "))));\n",
                "src/Main.java", "", snippets, 64));
        assertThat(plan.tokenIds().length).isLessThanOrEqualTo(plan.window().inputBudget());
        List<PlanItem> items = plan.items().stream().filter(i -> i.kind() == ItemKind.SNIPPET).toList();
        // four whole bodies would not fit; every definition's skeleton does, and the best two get their bodies
        assertThat(items).extracting(PlanItem::decision).containsExactly(Decision.INCLUDED, Decision.INCLUDED,
                Decision.TRIMMED, Decision.TRIMMED);
        assertThat(items.get(0).reason()).isEqualTo("used at the cursor: alpha");
        assertThat(items.get(2).reason()).isEqualTo("used at the cursor: gamma; signature and doc only");
        assertThat(plan.snippets()).extracting(Snippet::symbol).containsExactly("alpha", "beta", "delta", "gamma");
        assertThat(plan.snippets().get(3).text()).isEqualTo("static int gamma(int x)");
        assertThat(plan.snippets().get(0).text()).isEqualTo(snippets.get(0).text());
        assertThat(decode(plan, QWEN)).contains("<|file_sep|>lib/gamma.java\nstatic int gamma(int x)\n");
    }

    @Test
    void aModelWithoutFimTokensIsRefusedWithItsName() throws Exception {
        Tokenizer gpt2 = Tokenizers.load(ReferenceFiles.path("tokenizer-vectors/ggml-vocab-gpt-2.gguf"));
        assertThatThrownBy(() -> new InfillPlanner("gpt-2", gpt2, POLICY, 1024))
                .isInstanceOf(FimUnsupportedException.class).hasMessageContaining("gpt-2");
    }

    @Test
    void cutsNeverSplitAToken() {
        String prefix = "\u00e9\u00e9\u00e9 ".repeat(3000) + "end";
        String kept = CodeCut.tail(prefix, 100, t -> QWEN.encode(t, EncodeOptions.PLAIN).length);
        assertThat(prefix).endsWith(kept);
        assertThat(QWEN.encode(kept, EncodeOptions.PLAIN).length).isLessThanOrEqualTo(100);
        assertThat(kept).isNotEmpty();
    }

    /** The code's reach counted apart (on another thread) plans the same prompt; counted for other code, refused. */
    @Test
    void aReachCountedBesideRetrievalPlansTheSamePrompt() throws Exception {
        InfillPlanner planner = new InfillPlanner("qwen", QWEN, POLICY, 32768);
        String prefix = javaFile(400) + "    int target(int x) {\n        return x";
        String suffix = " + 1;\n    }\n}\n";
        InfillPlanRequest request = new InfillPlanRequest(prefix, suffix, "src/Big.java", "", List.of(), 128);
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newSingleThreadExecutor();
        try {
            InfillPlanner.CodeReach reach = pool.submit(() -> planner.reach(prefix, suffix)).get();
            assertThat(planner.plan(request, reach).tokenIds()).containsExactly(planner.plan(request).tokenIds());
            InfillPlanner.CodeReach other = planner.reach(prefix + " ", suffix);
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> planner.plan(request, other))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("another prefix or suffix");
        } finally {
            pool.shutdownNow();
        }
    }
}

