package dev.osprey.context.index;

import java.io.IOException;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import org.apache.lucene.index.IndexReaderContext;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.TermStates;
import org.apache.lucene.index.Terms;
import org.apache.lucene.index.TermsEnum;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.util.BytesRef;

/**
 * The per-segment states of many terms of one field, each segment's terms dictionary walked by one enum in term
 * order: what {@link TermStates#build} does term by term, without a fresh enum (and its frames) per term and segment.
 * The states feed {@link org.apache.lucene.search.TermQuery#TermQuery(org.apache.lucene.index.Term, TermStates)}.
 */
final class TermLookup {
    private TermLookup() {
    }

    /** {@code terms}' states in {@code field}, for the terms some segment holds; absent terms have no entry. */
    static Map<String, TermStates> present(IndexSearcher searcher, String field, Collection<String> terms)
            throws IOException {
        IndexReaderContext top = searcher.getTopReaderContext();
        TreeMap<BytesRef, String> sorted = new TreeMap<>(); // the dictionary's order: UTF-8 bytes
        for (String t : terms) {
            sorted.put(new BytesRef(t), t);
        }
        Map<String, TermStates> states = new HashMap<>();
        for (LeafReaderContext leaf : top.leaves()) {
            Terms dictionary = leaf.reader().terms(field);
            if (dictionary == null) {
                continue;
            }
            TermsEnum walk = dictionary.iterator();
            for (Map.Entry<BytesRef, String> t : sorted.entrySet()) {
                if (walk.seekExact(t.getKey())) {
                    states.computeIfAbsent(t.getValue(), k -> new TermStates(top))
                            .register(walk.termState(), leaf.ord, walk.docFreq(), walk.totalTermFreq());
                }
            }
        }
        return states;
    }
}
