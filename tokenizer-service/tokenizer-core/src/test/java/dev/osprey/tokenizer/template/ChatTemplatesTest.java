package dev.osprey.tokenizer.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.osprey.tokenizer.TokenizerModel;
import dev.osprey.tokenizer.Vocabulary;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChatTemplatesTest {

    private static Vocabulary.Builder vocabulary() {
        return Vocabulary.builder(TokenizerModel.GPT2)
                .tokens(List.of("<|endoftext|>", "<|im_start|>", "<|im_end|>", "<s>"))
                .special(Vocabulary.Role.EOS, 2).special(Vocabulary.Role.BOS, 3).special(Vocabulary.Role.PAD, 0);
    }

    @Test
    void usesTheModelsTemplateWithItsTokenTexts() {
        ChatTemplate template = ChatTemplates.forVocabulary(vocabulary()
                .chatTemplate("{{ bos_token }}{% for m in messages %}{{ m.content }}{{ eos_token }}{% endfor %}"
                        + "[{{ pad_token }}|{{ unk_token }}]")
                .build());

        assertThat(template.templateSource()).isEqualTo(ChatTemplates.MODEL);
        assertThat(template.render(List.of(ChatMessage.user("hi")), true)).isEqualTo("<s>hi<|im_end|>[<|endoftext|>|]");
    }

    @Test
    void fallsBackToChatmlWhenTheModelHasNoTemplate() {
        ChatTemplate template = ChatTemplates.forVocabulary(vocabulary().build());

        assertThat(template.templateSource()).isEqualTo(ChatTemplates.DEFAULT_CHATML);
        assertThat(template.render(List.of(ChatMessage.system("You are terse."), ChatMessage.user("hi")), true))
                .isEqualTo("<|im_start|>system\nYou are terse.<|im_end|>\n<|im_start|>user\nhi<|im_end|>\n"
                        + "<|im_start|>assistant\n");
        assertThat(template.render(List.of(ChatMessage.user("hi")), false))
                .isEqualTo("<|im_start|>user\nhi<|im_end|>\n");
    }

    @Test
    void blankTemplateCountsAsNone() {
        assertThat(ChatTemplates.forVocabulary(vocabulary().chatTemplate("  \n").build()).templateSource())
                .isEqualTo(ChatTemplates.DEFAULT_CHATML);
    }

    @Test
    void brokenModelTemplateIsReportedNotReplaced() {
        Vocabulary broken = vocabulary().chatTemplate("{% for m in messages %}{{ m | nope }}{% endfor %}").build();

        assertThatThrownBy(() -> ChatTemplates.forVocabulary(broken))
                .isInstanceOf(TemplateException.class)
                .hasMessage("model chat template, line 1: unknown filter 'nope'");
    }

    @Test
    void tokenVariablesCoverTheRolesTheVocabularyHas() {
        assertThat(ChatTemplates.tokenVariables(vocabulary().build()))
                .containsExactly(java.util.Map.entry("bos_token", "<s>"), java.util.Map.entry("eos_token", "<|im_end|>"),
                        java.util.Map.entry("pad_token", "<|endoftext|>"));
    }
}
