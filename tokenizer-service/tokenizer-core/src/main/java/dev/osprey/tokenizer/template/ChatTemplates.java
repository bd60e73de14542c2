package dev.osprey.tokenizer.template;

import dev.osprey.tokenizer.Vocabulary;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Picks the chat template for a model: the one its vocabulary ships, or a documented default.
 */
public final class ChatTemplates {

    /** {@link ChatTemplate#templateSource()} of a template that came with the model. */
    public static final String MODEL = "model";

    /** {@link ChatTemplate#templateSource()} of {@link #CHATML}, used when the model has no template. */
    public static final String DEFAULT_CHATML = "default:chatml";

    /**
     * The fallback llama.cpp uses when a model carries no template: ChatML,
     * {@code <|im_start|>role\ncontent<|im_end|>\n} per message and {@code <|im_start|>assistant\n}
     * as the generation prompt. A vocabulary without the {@code <|im_start|>} / {@code <|im_end|>}
     * tokens gets them as plain text, as it does in llama.cpp.
     */
    public static final String CHATML = """
            {%- for message in messages -%}
            {{- '<|im_start|>' + message['role'] + '\\n' + message['content'] + '<|im_end|>\\n' -}}
            {%- endfor -%}
            {%- if add_generation_prompt -%}
            {{- '<|im_start|>assistant\\n' -}}
            {%- endif -%}
            """;

    private ChatTemplates() {}

    /** {@link #forVocabulary(Vocabulary, Clock)} with the system clock. */
    public static ChatTemplate forVocabulary(Vocabulary vocabulary) {
        return forVocabulary(vocabulary, Clock.systemDefaultZone());
    }

    /**
     * The vocabulary's {@link Vocabulary#chatTemplate()} compiled with its special-token texts
     * (source {@link #MODEL}), or {@link #CHATML} (source {@link #DEFAULT_CHATML}) when it has none.
     *
     * @throws TemplateException if the model's template cannot be compiled: a broken template is
     *                           reported, never silently replaced by the default
     */
    public static ChatTemplate forVocabulary(Vocabulary vocabulary, Clock clock) {
        Objects.requireNonNull(vocabulary, "vocabulary");
        Map<String, String> tokens = tokenVariables(vocabulary);
        return vocabulary.chatTemplate()
                .filter(text -> !text.isBlank())
                .map(text -> ChatTemplate.compile(text, MODEL, tokens, clock))
                .orElseGet(() -> ChatTemplate.compile(CHATML, DEFAULT_CHATML, tokens, clock));
    }

    /**
     * The special-token variables transformers passes to templates, for the roles the vocabulary
     * declares: {@code bos_token}, {@code eos_token}, {@code unk_token}, {@code pad_token},
     * {@code sep_token}, {@code mask_token}, each the token's text. A role the vocabulary lacks stays
     * undefined in the template, as in transformers.
     */
    public static Map<String, String> tokenVariables(Vocabulary vocabulary) {
        Map<String, String> variables = new LinkedHashMap<>();
        put(variables, vocabulary, Vocabulary.Role.BOS, "bos_token");
        put(variables, vocabulary, Vocabulary.Role.EOS, "eos_token");
        put(variables, vocabulary, Vocabulary.Role.UNK, "unk_token");
        put(variables, vocabulary, Vocabulary.Role.PAD, "pad_token");
        put(variables, vocabulary, Vocabulary.Role.SEP, "sep_token");
        put(variables, vocabulary, Vocabulary.Role.MASK, "mask_token");
        return variables;
    }

    private static void put(Map<String, String> variables, Vocabulary vocabulary, Vocabulary.Role role, String name) {
        vocabulary.special(role).ifPresent(id -> variables.put(name, vocabulary.token(id)));
    }
}
