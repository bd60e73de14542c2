package dev.osprey.tokenizer.server;

import dev.osprey.tokenizer.Vocabulary;
import dev.osprey.tokenizer.fim.FimFormats;
import dev.osprey.tokenizer.fim.FimPromptBuilder;
import dev.osprey.tokenizer.fim.FimSpec;
import dev.osprey.tokenizer.fim.FimUnsupportedException;
import dev.osprey.tokenizer.template.ChatPromptEncoder;
import dev.osprey.tokenizer.template.ChatTemplate;
import dev.osprey.tokenizer.template.ChatTemplates;
import dev.osprey.tokenizer.template.TemplateException;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A served model's prompt renderers, prepared once when the service starts: its chat template (or
 * the error compiling it gave), its fill-in-the-middle prompt builder (or why it has none), and the
 * encoder for rendered chat prompts. A model whose template does not compile still serves every
 * other call. Immutable and thread-safe.
 */
final class ModelPrompts {
    private final ServedModel model;
    private final ChatTemplate chatTemplate;           // null when compiling failed
    private final TemplateException chatTemplateError; // null when compiled
    private final FimPromptBuilder fim;                // null when the vocabulary has no FIM tokens
    private final FimUnsupportedException fimError;    // null when it has
    private final ChatPromptEncoder chatEncoder;

    private ModelPrompts(ServedModel model, ChatTemplate chatTemplate, TemplateException chatTemplateError,
                         FimPromptBuilder fim, FimUnsupportedException fimError) {
        this.model = model;
        this.chatTemplate = chatTemplate;
        this.chatTemplateError = chatTemplateError;
        this.fim = fim;
        this.fimError = fimError;
        this.chatEncoder = new ChatPromptEncoder(model.tokenizer());
    }

    static ModelPrompts of(ServedModel model) {
        Objects.requireNonNull(model, "model");
        ChatTemplate template = null;
        TemplateException templateError = null;
        try {
            template = ChatTemplates.forVocabulary(model.tokenizer().vocabulary());
        } catch (TemplateException e) {
            templateError = e;
        }
        FimPromptBuilder fim = null;
        FimUnsupportedException fimError = null;
        try {
            fim = FimPromptBuilder.forModel(model.name(), model.tokenizer());
        } catch (FimUnsupportedException e) {
            fimError = e;
        }
        return new ModelPrompts(model, template, templateError, fim, fimError);
    }

    ServedModel model() {
        return model;
    }

    /**
     * The model's own chat template, or ChatML when it has none.
     *
     * @throws TemplateException when the model's template does not compile
     */
    ChatTemplate chatTemplate() {
        if (chatTemplateError != null) {
            throw new TemplateException(chatTemplateError.reason(),
                    "the chat template of model '" + model.name() + "' does not compile: " + chatTemplateError.getMessage(),
                    chatTemplateError);
        }
        return chatTemplate;
    }

    /** Why the model's chat template does not compile, if it does not. */
    Optional<TemplateException> chatTemplateError() {
        return Optional.ofNullable(chatTemplateError);
    }

    ChatPromptEncoder chatEncoder() {
        return chatEncoder;
    }

    /** @throws FimUnsupportedException when the vocabulary has no fill-in-the-middle tokens */
    FimPromptBuilder fim() {
        if (fim == null) {
            throw new FimUnsupportedException(fimError.getMessage());
        }
        return fim;
    }

    Optional<FimSpec> fimSpec() {
        return fim == null ? Optional.empty() : Optional.of(fim.spec());
    }

    /** The FIM padding token: the vocabulary's declared one, else the family's, as {@link FimFormats} resolves it. */
    OptionalInt fimPadId() {
        if (fim == null) {
            return OptionalInt.empty();
        }
        Vocabulary vocabulary = model.tokenizer().vocabulary();
        OptionalInt declared = vocabulary.special(Vocabulary.Role.FIM_PAD);
        String familyText = fim.spec().format().padText();
        return declared.isPresent() || familyText == null ? declared : vocabulary.id(familyText);
    }
}
