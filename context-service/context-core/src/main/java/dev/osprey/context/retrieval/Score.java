package dev.osprey.context.retrieval;

import dev.osprey.context.symbol.Evidence;
import java.util.Locale;

/**
 * Why a candidate ranks where it does: four signals in [0, 1] and their weighted sum,
 * {@code total = 0.45·evidence + 0.25·closeness + 0.15·importProximity + 0.15·bm25}.
 *
 * @param evidence        how the code at the cursor was tied to this definition: {@link #evidence(Evidence)}; 0 for
 *                        text found by BM25 alone
 * @param closeness       {@code 1 / (1 + d/8)} for the nearest use {@code d} lines from the cursor; 0 without a use
 * @param importProximity 1 when the current file imports the candidate's file, 0.5 when that file shares the current
 *                        file's directory or package, 0.25 when a file the current file imports imports it, else 0
 * @param bm25            the candidate's BM25 score over the best BM25 hit's for the code around the cursor; 0 when
 *                        BM25 did not find it
 */
public record Score(double evidence, double closeness, double importProximity, double bm25) {
    static final double W_EVIDENCE = 0.45;
    static final double W_CLOSENESS = 0.25;
    static final double W_IMPORT = 0.15;
    static final double W_BM25 = 0.15;
    /** Lines from the cursor at which closeness halves. */
    static final double HALF_DISTANCE = 8;

    public Score {
        for (double signal : new double[] {evidence, closeness, importProximity, bm25}) {
            if (!(signal >= 0 && signal <= 1)) {
                throw new IllegalArgumentException(String.format(Locale.ROOT,
                        "score signals lie in [0, 1]: evidence %s, closeness %s, import %s, bm25 %s", evidence, closeness,
                        importProximity, bm25));
            }
        }
    }

    public double total() {
        return W_EVIDENCE * evidence + W_CLOSENESS * closeness + W_IMPORT * importProximity + W_BM25 * bm25;
    }

    /** An import is the strongest evidence, a unique name anywhere the weakest. */
    static double evidence(Evidence e) {
        return switch (e) {
            case IMPORTED -> 1.0;
            case WILDCARD, SAME_PACKAGE -> 0.9;
            case RECENT -> 0.75;
            case UNIQUE -> 0.5;
        };
    }

    static double closeness(int distance) {
        return 1 / (1 + distance / HALF_DISTANCE);
    }

    /** {@code total 0.812 = evidence 1.00, closeness 0.67, import 1.00, bm25 0.31}. */
    public String describe() {
        return String.format(Locale.ROOT, "total %.3f = evidence %.2f, closeness %.2f, import %.2f, bm25 %.2f", total(),
                evidence, closeness, importProximity, bm25);
    }
}
