package dev.osprey.context.embed;

import dev.osprey.context.index.CodeAnalyzer;
import java.util.List;

/** Deterministic test double: a bag of code-aware terms hashed into 64 buckets. */
public final class HashingEmbedder implements Embedder {
    public int calls;

    @Override
    public String name() {
        return "hashing-test";
    }

    @Override
    public int dimension() {
        return 64;
    }

    @Override
    public synchronized float[][] embed(List<String> texts) {
        calls++;
        float[][] out = new float[texts.size()][64];
        for (int i = 0; i < texts.size(); i++) {
            for (String term : CodeAnalyzer.terms(texts.get(i))) {
                out[i][Math.floorMod(term.hashCode(), 64)] += 1;
            }
        }
        return out;
    }
}
