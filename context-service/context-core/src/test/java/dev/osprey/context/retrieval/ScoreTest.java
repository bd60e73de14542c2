package dev.osprey.context.retrieval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.osprey.context.symbol.Evidence;
import org.junit.jupiter.api.Test;

class ScoreTest {
    @Test
    void totalIsTheWeightedSumOfItsSignals() {
        assertEquals(1.0, new Score(1, 1, 1, 1).total(), 1e-12);
        assertEquals(0.45, new Score(1, 0, 0, 0).total(), 1e-12);
        assertEquals(0.25, new Score(0, 1, 0, 0).total(), 1e-12);
        assertEquals(0.15, new Score(0, 0, 1, 0).total(), 1e-12);
        assertEquals(0.15, new Score(0, 0, 0, 1).total(), 1e-12);
        assertEquals("total 0.575 = evidence 0.50, closeness 0.50, import 0.50, bm25 1.00",
                new Score(0.5, 0.5, 0.5, 1).describe());
    }

    @Test
    void evidenceOrdersImportAboveWildcardAbovePackageAboveUniqueness() {
        assertEquals(1.0, Score.evidence(Evidence.IMPORTED));
        assertEquals(0.9, Score.evidence(Evidence.WILDCARD));
        assertEquals(0.75, Score.evidence(Evidence.RECENT));
        assertEquals(0.9, Score.evidence(Evidence.SAME_PACKAGE));
        assertEquals(0.5, Score.evidence(Evidence.UNIQUE));
    }

    @Test
    void closenessHalvesEveryEightLines() {
        assertEquals(1.0, Score.closeness(0));
        assertEquals(0.5, Score.closeness(8));
        assertEquals(1 / 3.0, Score.closeness(16), 1e-12);
    }

    /** Resolved evidence far from the cursor still beats the best BM25-only text next to it. */
    @Test
    void aResolvedDefinitionOutranksLexicalLookalikes() {
        double resolvedFar = new Score(Score.evidence(Evidence.UNIQUE), Score.closeness(200), 0, 0).total();
        double lexicalBest = new Score(0, 0, 1, 1).total();
        assertTrue(resolvedFar < lexicalBest, "uniqueness alone does not beat an imported file's best BM25 match");
        double importedFar = new Score(1, Score.closeness(200), 1, 0).total();
        assertTrue(importedFar > lexicalBest);
    }

    @Test
    void signalsOutsideTheUnitIntervalAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> new Score(1.5, 0, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new Score(0, -0.1, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new Score(0, 0, Double.NaN, 0));
    }
}
