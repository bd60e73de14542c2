package dev.osprey.tokenizer.template;

/**
 * A chat template could not be compiled or rendered. The message names the template's source, the
 * line where jinjava or the preprocessor reported it, and the construct; a render never returns a
 * partial prompt instead of throwing this.
 */
public final class TemplateException extends RuntimeException {

    /** Why the template failed, so that callers can tell a bad conversation from a bad template. */
    public enum Reason {
        /** The template does not parse (jinja syntax error, unknown tag). */
        SYNTAX,
        /** The template parses but uses a filter, test, tag or method this renderer does not provide. */
        UNSUPPORTED,
        /** Evaluation failed (wrong types, missing method, a value jinjava could not handle). */
        RENDER,
        /**
         * The template called {@code raise_exception(message)}: it rejects this conversation (for
         * example roles that do not alternate). {@link #getMessage()} carries the template's message.
         */
        RAISED
    }

    private final Reason reason;

    public TemplateException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public TemplateException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
