package dev.osprey.context.server;

import dev.osprey.context.compaction.Compactor;
import dev.osprey.context.compaction.Summarizer;
import dev.osprey.context.plan.ChatPlanner;
import dev.osprey.context.plan.InfillPlanner;
import dev.osprey.context.session.SessionStore;
import dev.osprey.context.window.WindowPolicy;
import dev.osprey.tokenizer.EncodeOptions;
import dev.osprey.tokenizer.Tokenizer;
import dev.osprey.tokenizer.fim.FimUnsupportedException;
import dev.osprey.tokenizer.template.ChatTemplate;
import dev.osprey.tokenizer.template.ChatTemplates;
import org.jspecify.annotations.Nullable;

/**
 * One model the service plans prompts for: its tokenizer, chat template and planners. Immutable and
 * thread-safe once built.
 */
public final class ServedModel {
    private final ModelVocabulary vocabulary;
    private final ChatTemplate template;
    private final ChatPlanner chat;
    private final @Nullable InfillPlanner infill;
    private final @Nullable FimUnsupportedException noFim;

    /** Makes a model's {@link Summarizer}. */
    @FunctionalInterface
    public interface SummarizerFactory {
        /** No summarizer: older turns are trimmed extractively. */
        SummarizerFactory NONE = (tokenizer, template) -> null;

        /** @return the summarizer, or null when no inference is configured */
        @Nullable Summarizer create(Tokenizer tokenizer, ChatTemplate template);
    }

    /**
     * @param summarizers makes the model's summarizer from its tokenizer and chat template
     */
    public ServedModel(ModelVocabulary vocabulary, WindowPolicy policy, SessionStore sessions,
                       SummarizerFactory summarizers) {
        this.vocabulary = vocabulary;
        this.template = ChatTemplates.forVocabulary(vocabulary.tokenizer().vocabulary());
        Compactor compactor = new Compactor(summarizers.create(vocabulary.tokenizer(), template), new SessionSummaryCache(sessions), this::tokens);
        this.chat = new ChatPlanner(vocabulary.tokenizer(), template, policy, vocabulary.contextLength(), compactor);
        InfillPlanner planner = null;
        FimUnsupportedException unsupported = null;
        try {
            planner = new InfillPlanner(vocabulary.name(), vocabulary.tokenizer(), policy, vocabulary.contextLength());
        } catch (FimUnsupportedException e) {
            unsupported = e;
        }
        this.infill = planner;
        this.noFim = unsupported;
    }

    public String name() {
        return vocabulary.name();
    }

    public Tokenizer tokenizer() {
        return vocabulary.tokenizer();
    }

    public ChatTemplate chatTemplate() {
        return template;
    }

    public int contextLength() {
        return vocabulary.contextLength();
    }

    public String source() {
        return vocabulary.source();
    }

    public ChatPlanner chatPlanner() {
        return chat;
    }

    public boolean supportsInfill() {
        return infill != null;
    }

    /** @throws FimUnsupportedException when the model's vocabulary has no fill-in-the-middle tokens */
    public InfillPlanner infillPlanner() {
        if (infill == null) {
            throw new FimUnsupportedException(noFim.getMessage());
        }
        return infill;
    }

    /** Tokens of plain text (no BOS, control-token text not parsed). */
    public int tokens(String text) {
        return vocabulary.tokenizer().encode(text, EncodeOptions.PLAIN).length;
    }
}
