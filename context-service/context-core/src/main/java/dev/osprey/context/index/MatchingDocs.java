package dev.osprey.context.index;

import java.io.IOException;
import java.util.Arrays;
import java.util.Collection;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.search.Collector;
import org.apache.lucene.search.CollectorManager;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.LeafCollector;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.Scorable;
import org.apache.lucene.search.ScoreMode;

/**
 * Every document a filter query matches, unscored, in index order. {@code search(query, Integer.MAX_VALUE)} would do the
 * same at the price of a top-docs queue sized to the whole index on every call.
 */
final class MatchingDocs {
    private MatchingDocs() {
    }

    /** The global ids of the documents {@code query} matches, ascending. */
    static int[] of(IndexSearcher searcher, Query query) throws IOException {
        return searcher.search(query, new CollectorManager<DocCollector, int[]>() {
            @Override
            public DocCollector newCollector() {
                return new DocCollector();
            }

            @Override
            public int[] reduce(Collection<DocCollector> collectors) {
                int total = 0;
                for (DocCollector c : collectors) {
                    total += c.size;
                }
                int[] all = new int[total];
                int at = 0;
                for (DocCollector c : collectors) {
                    System.arraycopy(c.docs, 0, all, at, c.size);
                    at += c.size;
                }
                Arrays.sort(all);
                return all;
            }
        });
    }

    private static final class DocCollector implements Collector {
        int[] docs = new int[16];
        int size;

        @Override
        public LeafCollector getLeafCollector(LeafReaderContext context) {
            int base = context.docBase;
            return new LeafCollector() {
                @Override
                public void setScorer(Scorable scorer) {
                }

                @Override
                public void collect(int doc) {
                    if (size == docs.length) {
                        docs = Arrays.copyOf(docs, size * 2);
                    }
                    docs[size++] = base + doc;
                }
            };
        }

        @Override
        public ScoreMode scoreMode() {
            return ScoreMode.COMPLETE_NO_SCORES;
        }
    }
}
