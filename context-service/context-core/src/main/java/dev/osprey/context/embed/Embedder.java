package dev.osprey.context.embed;

import java.util.List;

/** Turns texts into dense vectors for similarity search. Implementations are thread-safe. */
public interface Embedder {

    /** Stable name of the model, stored with an index so that a different model is noticed on reopen. */
    String name();

    /** Length of every vector {@link #embed} returns. */
    int dimension();

    /** (texts.size(), dimension) one vector per text, in order. */
    float[][] embed(List<String> texts);
}
