package dev.osprey.engine.synthetic;

/** Produces the float values of one tensor row by row; called from several threads at once. */
@FunctionalInterface
interface RowSource {

    /** Writes row {@code row}'s {@code cols} values to {@code out[0 .. cols)}. */
    void fill(long row, float[] out);
}
