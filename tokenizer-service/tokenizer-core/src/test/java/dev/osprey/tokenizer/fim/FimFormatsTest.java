package dev.osprey.tokenizer.fim;

import static org.assertj.core.api.Assertions.assertThat;

import dev.osprey.tokenizer.TokenType;
import dev.osprey.tokenizer.TokenizerModel;
import dev.osprey.tokenizer.Vocabulary;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class FimFormatsTest {

    @Test
    void qwenByTokenText() {
        FimSpec spec = FimFormats.detect(FimVocabularies.qwen()).orElseThrow();

        assertThat(spec.format()).isEqualTo(FimFormat.QWEN);
        assertThat(List.of(spec.prefixId(), spec.suffixId(), spec.middleId())).containsExactly(151659, 151661, 151660);
        assertThat(spec.repoNameId()).hasValue(151663);
        assertThat(spec.fileSeparatorId()).hasValue(151664);
        assertThat(spec.endOfMiddleId()).hasValue(151643); // <|endoftext|>
        // endoftext, im_end (also EOS), the FIM tokens, pad, repo_name, file_sep
        assertThat(spec.stopIds()).containsExactly(151643, 151645, 151659, 151660, 151661, 151662, 151663, 151664);
        assertThat(spec.supportsRepositoryContext()).isTrue();
    }

    @Test
    void starcoderByTokenText() {
        FimSpec spec = FimFormats.detect(FimVocabularies.starcoder()).orElseThrow();

        assertThat(spec.format()).isEqualTo(FimFormat.STARCODER);
        assertThat(List.of(spec.prefixId(), spec.suffixId(), spec.middleId())).containsExactly(1, 3, 2);
        assertThat(spec.repoNameId()).hasValue(5);
        assertThat(spec.fileSeparatorId()).hasValue(6);
        assertThat(spec.endOfMiddleId()).hasValue(0);
        assertThat(spec.stopIds()).containsExactly(0, 4, 5, 6);
    }

    @Test
    void deepseekCoderByTokenText() {
        FimSpec spec = FimFormats.detect(FimVocabularies.deepseekCoder()).orElseThrow();

        assertThat(spec.format()).isEqualTo(FimFormat.DEEPSEEK);
        assertThat(List.of(spec.prefixId(), spec.suffixId(), spec.middleId())).containsExactly(32016, 32015, 32017);
        assertThat(spec.repoNameId()).isEmpty();
        assertThat(spec.supportsRepositoryContext()).isFalse();
        assertThat(spec.endOfMiddleId()).hasValue(32014);
        assertThat(spec.stopIds()).containsExactly(32014, 32021);
    }

    @Test
    void codeLlamaBySentencePieceTokenText() {
        FimSpec spec = FimFormats.detect(FimVocabularies.codeLlama()).orElseThrow();

        assertThat(spec.format()).isEqualTo(FimFormat.CODELLAMA);
        assertThat(List.of(spec.prefixId(), spec.suffixId(), spec.middleId())).containsExactly(32007, 32008, 32009);
        assertThat(spec.endOfMiddleId()).hasValue(32010);
        assertThat(spec.stopIds()).containsExactly(2, 32010);
        assertThat(spec.isStop(32010)).isTrue();
        assertThat(spec.isStop(32009)).isFalse();
    }

    @Test
    void vocabularyWithoutFimTokensHasNone() {
        assertThat(FimFormats.detect(FimVocabularies.llamaWithoutFim())).isEmpty();
    }

    @Test
    void declaredIdsWinAndTheirTextPicksTheFamily() {
        Vocabulary vocabulary = FimVocabularies.qwen(b -> b
                .special(Vocabulary.Role.FIM_PREFIX, 151659).special(Vocabulary.Role.FIM_SUFFIX, 151661)
                .special(Vocabulary.Role.FIM_MIDDLE, 151660).special(Vocabulary.Role.FIM_PAD, 151662)
                .special(Vocabulary.Role.FIM_REPO, 151663).special(Vocabulary.Role.FIM_SEP, 151664));

        FimSpec spec = FimFormats.detect(vocabulary).orElseThrow();

        assertThat(spec.format()).isEqualTo(FimFormat.QWEN);
        assertThat(spec.prefixId()).isEqualTo(151659);
    }

    @Test
    void declaredIdsWithUnknownTextsAreGeneric() {
        Vocabulary vocabulary = genericVocabulary();

        FimSpec spec = FimFormats.detect(vocabulary).orElseThrow();

        assertThat(spec.format()).isEqualTo(FimFormat.GENERIC);
        assertThat(List.of(spec.prefixId(), spec.suffixId(), spec.middleId())).containsExactly(0, 1, 2);
        assertThat(spec.repoNameId()).hasValue(3);
        assertThat(spec.fileSeparatorId()).hasValue(4);
        assertThat(spec.endOfMiddleId()).hasValue(5); // no family text: the vocabulary's EOT
        assertThat(spec.stopIds()).containsExactly(3, 4, 5, 6);
    }

    @Test
    void partlyDeclaredIdsFallBackToTokenText() {
        Vocabulary vocabulary = FimVocabularies.qwen(b -> b.special(Vocabulary.Role.FIM_PREFIX, 151659));

        assertThat(FimFormats.detect(vocabulary).orElseThrow().format()).isEqualTo(FimFormat.QWEN);
    }

    /** Declared FIM ids on texts no family uses, with EOT and EOS: 0..6 specials, then the byte alphabet. */
    static Vocabulary genericVocabulary() {
        List<String> tokens = new java.util.ArrayList<>(List.of(
                "<|begin_hole|>", "<|after_hole|>", "<|fill|>", "<|project|>", "<|path|>", "<|done|>", "</s>"));
        tokens.addAll(CodepointTokenizer.ByteLevel.alphabet());
        TokenType[] types = new TokenType[tokens.size()];
        java.util.Arrays.fill(types, TokenType.NORMAL);
        java.util.Arrays.fill(types, 0, 7, TokenType.CONTROL);
        return Vocabulary.builder(TokenizerModel.GPT2).tokens(tokens).types(types)
                .special(Vocabulary.Role.FIM_PREFIX, 0).special(Vocabulary.Role.FIM_SUFFIX, 1)
                .special(Vocabulary.Role.FIM_MIDDLE, 2).special(Vocabulary.Role.FIM_REPO, 3)
                .special(Vocabulary.Role.FIM_SEP, 4).special(Vocabulary.Role.EOT, 5).special(Vocabulary.Role.EOS, 6)
                .build();
    }

    @Test
    void endOfMiddleFallsBackToEotThenEos() {
        OptionalInt end = FimFormats.detect(genericVocabulary()).orElseThrow().endOfMiddleId();
        assertThat(end).hasValue(5);
    }
}
