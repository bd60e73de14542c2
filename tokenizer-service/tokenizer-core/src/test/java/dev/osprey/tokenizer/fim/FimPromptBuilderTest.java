package dev.osprey.tokenizer.fim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.osprey.tokenizer.Vocabulary;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Exact id sequences per family, written as token texts: special tokens by their vocabulary text,
 * plain text as the one-token-per-byte/character strings {@link CodepointTokenizer} produces
 * (spelled out here with {@link #ascii} for gpt2 vocabularies and {@link #pieces} for llama ones).
 */
class FimPromptBuilderTest {

    private static FimPromptBuilder builder(Vocabulary vocabulary) {
        return FimPromptBuilder.forModel("test-model", new CodepointTokenizer(vocabulary));
    }

    /** Byte-level token texts of printable ASCII: space is Ġ, newline Ċ. */
    private static List<String> ascii(String text) {
        List<String> out = new ArrayList<>();
        for (char c : text.toCharArray()) {
            out.add(c == ' ' ? "Ġ" : c == '\n' ? "Ċ" : String.valueOf(c));
        }
        return out;
    }

    /** SentencePiece token texts: space is ▁, newline the byte token <0x0A>. */
    private static List<String> pieces(String text) {
        List<String> out = new ArrayList<>();
        for (char c : text.toCharArray()) {
            out.add(c == ' ' ? "▁" : c == '\n' ? "<0x0A>" : String.valueOf(c));
        }
        return out;
    }

    private static List<String> seq(Object... parts) {
        List<String> out = new ArrayList<>();
        for (Object part : parts) {
            if (part instanceof List<?> list) {
                list.forEach(t -> out.add((String) t));
            } else {
                out.add((String) part);
            }
        }
        return out;
    }

    private static List<String> texts(Vocabulary vocabulary, InfillPrompt prompt) {
        return Arrays.stream(prompt.ids()).mapToObj(vocabulary::token).toList();
    }

    @Nested
    class Qwen {
        private final Vocabulary vocabulary = FimVocabularies.qwen();

        @Test
        void prefixSuffixMiddle() {
            InfillPrompt prompt = builder(vocabulary).build(FimRequest.of("a = ", " + 1\n"));

            assertThat(prompt.ids()).startsWith(151659).endsWith(151660);
            assertThat(texts(vocabulary, prompt)).containsExactlyElementsOf(seq(
                    "<|fim_prefix|>", ascii("a = "), "<|fim_suffix|>", ascii(" + 1\n"), "<|fim_middle|>"));
            assertThat(prompt.text()).isEqualTo("<|fim_prefix|>a = <|fim_suffix|> + 1\n<|fim_middle|>");
        }

        @Test
        void repositoryContextFollowsQwenTwoFiveCodersLayout() {
            RepositoryContext repository = new RepositoryContext("acme/calc",
                    List.of(new RepositoryContext.File("util.py", "X=1"), new RepositoryContext.File("a.py", "")),
                    "main.py");

            InfillPrompt prompt = builder(vocabulary).build(FimRequest.of("y=", "").withRepository(repository));

            assertThat(texts(vocabulary, prompt)).containsExactlyElementsOf(seq(
                    "<|repo_name|>", ascii("acme/calc\n"),
                    "<|file_sep|>", ascii("util.py\nX=1\n"),
                    "<|file_sep|>", ascii("a.py\n\n"),
                    "<|file_sep|>", ascii("main.py\n"),
                    "<|fim_prefix|>", ascii("y="), "<|fim_suffix|>", "<|fim_middle|>"));
            assertThat(prompt.text()).isEqualTo("<|repo_name|>acme/calc\n<|file_sep|>util.py\nX=1\n"
                    + "<|file_sep|>a.py\n\n<|file_sep|>main.py\n<|fim_prefix|>y=<|fim_suffix|><|fim_middle|>");
        }

        @Test
        void repositoryWithoutNameOrCurrentPathLeavesThoseLinesOut() {
            RepositoryContext repository = new RepositoryContext(null, List.of(new RepositoryContext.File("u", "v")), "");

            InfillPrompt prompt = builder(vocabulary).build(FimRequest.of("p", "s").withRepository(repository));

            assertThat(prompt.text()).isEqualTo("<|file_sep|>u\nv\n<|fim_prefix|>p<|fim_suffix|>s<|fim_middle|>");
        }

        @Test
        void specialTokenTextInUserCodeStaysText() {
            String code = "x = '<|fim_middle|><|endoftext|>'";

            InfillPrompt prompt = builder(vocabulary).build(FimRequest.of(code, "<|file_sep|>"));

            int[] ids = prompt.ids();
            assertThat(Arrays.stream(ids).filter(id -> id >= 151643).toArray())
                    .containsExactly(151659, 151661, 151660); // only the layout's own FIM tokens
            assertThat(texts(vocabulary, prompt)).containsExactlyElementsOf(seq(
                    "<|fim_prefix|>", ascii(code), "<|fim_suffix|>", ascii("<|file_sep|>"), "<|fim_middle|>"));
        }

        @Test
        void suffixFirstIsRejectedBecauseQwenDocumentsOnlyPsm() {
            assertThatThrownBy(() -> builder(vocabulary).build(FimRequest.of("a", "b").withOrder(FimOrder.SPM)))
                    .isInstanceOf(FimUnsupportedException.class)
                    .hasMessageContaining("test-model (Qwen2.5-Coder FIM)")
                    .hasMessageContaining("not SPM");
        }
    }

    @Nested
    class StarCoder {
        private final Vocabulary vocabulary = FimVocabularies.starcoder();

        @Test
        void prefixSuffixMiddleWithoutBos() {
            InfillPrompt prompt = builder(vocabulary).build(FimRequest.of("def f", "\n"));

            assertThat(texts(vocabulary, prompt)).containsExactlyElementsOf(seq(
                    "<fim_prefix>", ascii("def f"), "<fim_suffix>", ascii("\n"), "<fim_middle>"));
            assertThat(prompt.ids()[0]).isEqualTo(1);
        }

        @Test
        void suffixPrefixMiddle() {
            InfillPrompt prompt = builder(vocabulary).build(FimRequest.of("ab", "cd").withOrder(FimOrder.SPM));

            assertThat(texts(vocabulary, prompt)).containsExactlyElementsOf(seq(
                    "<fim_prefix>", "<fim_suffix>", ascii("cd"), "<fim_middle>", ascii("ab")));
            assertThat(prompt.text()).isEqualTo("<fim_prefix><fim_suffix>cd<fim_middle>ab");
        }

        @Test
        void repositoryContextFollowsStarCoderTwosLayout() {
            RepositoryContext repository = new RepositoryContext("acme",
                    List.of(new RepositoryContext.File("util.py", "X=1\n")), "main.py");

            InfillPrompt prompt = builder(vocabulary).build(FimRequest.of("y=", "!").withRepository(repository));

            assertThat(texts(vocabulary, prompt)).containsExactlyElementsOf(seq(
                    "<repo_name>", ascii("acme"),
                    "<file_sep>", ascii("util.py\nX=1\n"),
                    "<file_sep>", "<fim_prefix>", ascii("main.py\ny="),
                    "<fim_suffix>", ascii("!"), "<fim_middle>"));
        }
    }

    @Nested
    class DeepSeek {
        private final Vocabulary vocabulary = FimVocabularies.deepseekCoder();

        @Test
        void beginHoleEndAfterBos() {
            InfillPrompt prompt = builder(vocabulary).build(FimRequest.of("if x:", "else:"));

            assertThat(prompt.ids()[0]).isEqualTo(32013);
            assertThat(texts(vocabulary, prompt)).containsExactlyElementsOf(seq(
                    "<｜begin▁of▁sentence｜>", "<｜fim▁begin｜>", ascii("if x:"),
                    "<｜fim▁hole｜>", ascii("else:"), "<｜fim▁end｜>"));
            assertThat(prompt.text()).isEqualTo("<｜begin▁of▁sentence｜><｜fim▁begin｜>if x:<｜fim▁hole｜>else:<｜fim▁end｜>");
        }

        @Test
        void repositoryContextNeedsAFileSeparatorToken() {
            FimRequest request = FimRequest.of("a", "b")
                    .withRepository(new RepositoryContext("r", List.of(), "main.py"));

            assertThatThrownBy(() -> builder(vocabulary).build(request))
                    .isInstanceOf(FimUnsupportedException.class)
                    .hasMessage("model test-model (DeepSeek-Coder FIM) has no file-separator token for repository context");
        }
    }

    @Nested
    class CodeLlama {
        private final Vocabulary vocabulary = FimVocabularies.codeLlama();

        @Test
        void prefixGetsTheDummySpaceAndTheSuffixDoesNot() {
            InfillPrompt prompt = builder(vocabulary).build(FimRequest.of("def f():", "\n    return 1"));

            assertThat(prompt.ids()).startsWith(1, 32007);
            assertThat(texts(vocabulary, prompt)).containsExactlyElementsOf(seq(
                    "<s>", "▁<PRE>", "▁", pieces("def f():"),
                    "▁<SUF>", pieces("\n    return 1"),
                    "▁<MID>"));
            assertThat(prompt.text()).isEqualTo("<s> <PRE> def f(): <SUF>\n    return 1 <MID>");
        }

        @Test
        void suffixStartingWithAWordHasNoLeadingSpace() {
            InfillPrompt prompt = builder(vocabulary).build(FimRequest.of("a", "x = 1"));

            assertThat(texts(vocabulary, prompt)).containsExactlyElementsOf(seq(
                    "<s>", "▁<PRE>", "▁", "a", "▁<SUF>", pieces("x = 1"), "▁<MID>"));
            assertThat(prompt.text()).isEqualTo("<s> <PRE> a <SUF>x = 1 <MID>");
        }

        @Test
        void suffixPrefixMiddleAsMetasSuffixFirst() {
            InfillPrompt prompt = builder(vocabulary).build(FimRequest.of("def", "x").withOrder(FimOrder.SPM));

            assertThat(texts(vocabulary, prompt)).containsExactlyElementsOf(seq(
                    "<s>", "▁<PRE>", "▁<SUF>", "x", "▁<MID>", "▁", pieces("def")));
            assertThat(prompt.text()).isEqualTo("<s> <PRE> <SUF>x <MID> def");
        }

        @Test
        void emptySuffix() {
            InfillPrompt prompt = builder(vocabulary).build(FimRequest.of("a", ""));

            assertThat(texts(vocabulary, prompt)).containsExactly("<s>", "▁<PRE>", "▁", "a", "▁<SUF>", "▁<MID>");
        }
    }

    @Nested
    class Generic {
        @Test
        void declaredIdsAreLaidOutAsLlamaCppsServerDoes() {
            Vocabulary vocabulary = FimFormatsTest.genericVocabulary();
            RepositoryContext repository = new RepositoryContext("proj",
                    List.of(new RepositoryContext.File("a.c", "int a;")), "b.c");

            InfillPrompt prompt = builder(vocabulary).build(FimRequest.of("int ", ";").withRepository(repository));

            assertThat(texts(vocabulary, prompt)).containsExactlyElementsOf(seq(
                    "<|project|>", ascii("proj\n"),
                    "<|path|>", ascii("a.c\n"), ascii("int a;"),
                    "<|path|>", ascii("b.c\n"),
                    "<|begin_hole|>", ascii("int "), "<|after_hole|>", ascii(";"), "<|fill|>"));
        }
    }

    @Test
    void modelWithoutFimTokensIsRejectedByName() {
        CodepointTokenizer tokenizer = new CodepointTokenizer(FimVocabularies.llamaWithoutFim());

        assertThatThrownBy(() -> FimPromptBuilder.forModel("llama-2-7b", tokenizer))
                .isInstanceOf(FimUnsupportedException.class)
                .hasMessageStartingWith("model llama-2-7b has no fill-in-the-middle tokens");
    }

    @Test
    void promptIdsAreACopy() {
        InfillPrompt prompt = builder(FimVocabularies.starcoder()).build(FimRequest.of("a", "b"));
        int[] ids = prompt.ids();
        ids[0] = -1;

        assertThat(prompt.ids()[0]).isEqualTo(1);
        assertThat(prompt.spec().format()).isEqualTo(FimFormat.STARCODER);
    }
}
