package dev.osprey.tokenizer.fim;

/** A fill-in-the-middle request the model cannot serve: no FIM tokens, or a layout it was not trained on. */
public final class FimUnsupportedException extends RuntimeException {

    public FimUnsupportedException(String message) {
        super(message);
    }
}
