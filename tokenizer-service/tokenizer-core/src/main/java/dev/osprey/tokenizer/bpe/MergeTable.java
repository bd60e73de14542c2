package dev.osprey.tokenizer.bpe;

import dev.osprey.tokenizer.Vocabulary;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/**
 * Which adjacent symbol pairs merge, into what, and in which order.
 *
 * <p>Symbols are ints: ids below {@code vocabSize} are the vocabulary's tokens; higher ids name
 * strings that take part in merges without being tokens themselves (kept so that merging is exactly
 * the string algorithm of llama.cpp and Hugging Face). A pair's rank orders merges: lower merges
 * first, ties go to the leftmost pair.
 */
public final class MergeTable {
    static final long NO_MERGE = -1L;

    private final int vocabSize;
    private final Map<String, Integer> tokenIds;
    private final Map<String, Integer> extraIds = new HashMap<>();
    private final List<String> extraTexts = new ArrayList<>();
    private final int[] asciiSymbols = new int[128];
    private final Map<Integer, Integer> codePointSymbols = new HashMap<>();
    private final LongLongHashMap pairs;

    private MergeTable(Vocabulary vocabulary, int expectedPairs) {
        this.vocabSize = vocabulary.size();
        this.tokenIds = HashMap.newHashMap(vocabSize);
        for (int id = 0; id < vocabSize; id++) {
            tokenIds.putIfAbsent(vocabulary.token(id), id);
        }
        this.pairs = new LongLongHashMap(expectedPairs);
    }

    /**
     * Ranked merges as byte-level and Hugging Face BPE define them: {@code merges.get(r)} is the pair
     * merged with rank {@code r}; a pair listed twice keeps its first rank.
     */
    public static MergeTable fromRankedMerges(Vocabulary vocabulary, List<String[]> merges) {
        MergeTable table = new MergeTable(vocabulary, merges.size());
        for (int rank = 0; rank < merges.size(); rank++) {
            String[] pair = merges.get(rank);
            int left = table.intern(pair[0]);
            int right = table.intern(pair[1]);
            int result = table.intern(pair[0] + pair[1]);
            table.pairs.putIfAbsent(key(left, right), pack(rank, result));
        }
        table.indexCodePoints();
        return table;
    }

    /**
     * SentencePiece-style merges (llama.cpp's SPM tokenizer): two adjacent symbols merge when their
     * concatenation is a token, the token with the highest score first. Symbols are tokens or single
     * code points, so the pairs are every split of a token into two such parts.
     */
    public static MergeTable fromScores(Vocabulary vocabulary) {
        int n = vocabulary.size();
        MergeTable table = new MergeTable(vocabulary, n * 4);
        int[] rankOfToken = denseRanksByDescendingScore(vocabulary);
        for (int id = 0; id < n; id++) {
            String token = vocabulary.token(id);
            for (int split = firstSplit(token); split > 0 && split < token.length();
                    split = token.offsetByCodePoints(split, 1)) {
                String left = token.substring(0, split);
                String right = token.substring(split);
                if (table.isTokenOrSingleCodePoint(left) && table.isTokenOrSingleCodePoint(right)) {
                    table.pairs.putIfAbsent(key(table.intern(left), table.intern(right)), pack(rankOfToken[id], id));
                }
            }
        }
        table.indexCodePoints();
        return table;
    }

    private static int firstSplit(String token) {
        return token.isEmpty() ? -1 : token.offsetByCodePoints(0, 1);
    }

    private boolean isTokenOrSingleCodePoint(String s) {
        return tokenIds.containsKey(s) || s.codePointCount(0, s.length()) == 1;
    }

    private static int[] denseRanksByDescendingScore(Vocabulary vocabulary) {
        int n = vocabulary.size();
        float[] distinct = new float[n];
        for (int id = 0; id < n; id++) {
            distinct[id] = vocabulary.score(id);
        }
        Arrays.sort(distinct);
        int unique = 0;
        for (int i = 0; i < n; i++) {
            if (unique == 0 || Float.compare(distinct[unique - 1], distinct[i]) != 0) {
                distinct[unique++] = distinct[i];
            }
        }
        int[] ranks = new int[n];
        for (int id = 0; id < n; id++) {
            int ascending = Arrays.binarySearch(distinct, 0, unique, vocabulary.score(id));
            ranks[id] = unique - 1 - ascending;
        }
        return ranks;
    }

    private int intern(String text) {
        Integer id = tokenIds.get(text);
        if (id != null) {
            return id;
        }
        return extraIds.computeIfAbsent(text, t -> {
            extraTexts.add(t);
            return vocabSize + extraTexts.size() - 1;
        });
    }

    private void indexCodePoints() {
        Arrays.fill(asciiSymbols, -1);
        indexSingleCodePoints(tokenIds);
        indexSingleCodePoints(extraIds);
    }

    private void indexSingleCodePoints(Map<String, Integer> ids) {
        for (Map.Entry<String, Integer> e : ids.entrySet()) {
            String s = e.getKey();
            if (!s.isEmpty() && s.codePointCount(0, s.length()) == 1) {
                int cp = s.codePointAt(0);
                if (cp < 128) {
                    if (asciiSymbols[cp] < 0 || e.getValue() < asciiSymbols[cp]) {
                        asciiSymbols[cp] = e.getValue();
                    }
                } else {
                    codePointSymbols.merge(cp, e.getValue(), Math::min);
                }
            }
        }
    }

    private static long key(int left, int right) {
        return ((long) left << 32) | (right & 0xFFFFFFFFL);
    }

    private static long pack(int rank, int result) {
        return ((long) rank << 32) | (result & 0xFFFFFFFFL);
    }

    /** @return (rank &lt;&lt; 32 | result symbol) for the pair, or {@link #NO_MERGE} */
    long merge(int left, int right) {
        return pairs.get(key(left, right), NO_MERGE);
    }

    /** The symbol of a single code point, or -1 when no token or merge uses it alone. */
    public int codePointSymbol(int codePoint) {
        if (codePoint < 128) {
            return asciiSymbols[codePoint];
        }
        Integer id = codePointSymbols.get(codePoint);
        return id == null ? -1 : id;
    }

    /** The symbol of a whole string, or -1. */
    public int symbol(String text) {
        Integer id = tokenIds.get(text);
        if (id == null) {
            id = extraIds.get(text);
        }
        return id == null ? -1 : id;
    }

    /** The token id of {@code text}, if it is a token. */
    public OptionalInt token(String text) {
        Integer id = tokenIds.get(text);
        return id == null ? OptionalInt.empty() : OptionalInt.of(id);
    }

    public boolean isToken(int symbol) {
        return symbol >= 0 && symbol < vocabSize;
    }

    public int pairCount() {
        return pairs.size();
    }
}
