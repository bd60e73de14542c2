package dev.osprey.engine.generate;

/** Receives a generation's output as it happens, on the generating thread. */
public interface GenerationListener {

    /** A token was sampled; its {@code text} is what may be shown now. */
    void token(GeneratedToken token);

    /**
     * Text held back until the end (an incomplete character or a possible stop-string start that
     * never completed), released once after the last token.
     */
    default void trailingText(String text) {
    }
}
