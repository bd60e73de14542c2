package dev.osprey.context.retrieval;

/**
 * A name the code around the cursor uses.
 *
 * @param name     parts joined by {@code .} ({@code util.parse}; {@code ::} and {@code ->} are written {@code .})
 * @param distance lines between the cursor and its nearest use: 0 on the cursor's line
 */
public record IdentifierUse(String name, int distance) {
}
