package dev.osprey.tokenizer.bpe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.osprey.tokenizer.TokenizerModel;
import dev.osprey.tokenizer.Vocabulary;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The merge loop at toy sizes: exact symbols and boundaries. */
class BpeMergerTest {

    private static Vocabulary vocab(String... tokens) {
        return Vocabulary.builder(TokenizerModel.GPT2).tokens(List.of(tokens)).build();
    }

    private static int[] run(MergeTable table, String word, int[] startsOut) {
        int[] symbols = word.codePoints().map(table::codePointSymbol).toArray();
        int[] starts = new int[symbols.length];
        int n = new BpeMerger(table).merge(symbols, symbols.length, starts);
        System.arraycopy(starts, 0, startsOut, 0, n);
        return Arrays.copyOf(symbols, n);
    }

    @Test
    void mergesLowestRankFirst() {
        // ids: a=0 b=1 c=2 ab=3 bc=4 abc=5
        Vocabulary v = vocab("a", "b", "c", "ab", "bc", "abc");
        MergeTable table = MergeTable.fromRankedMerges(v, List.of(
                new String[] {"b", "c"}, new String[] {"a", "b"}, new String[] {"a", "bc"}));
        int[] starts = new int[3];
        assertThat(run(table, "abc", starts)).containsExactly(5);
        // "b c" ranks first, so "ab" never forms and "a bc" completes the word
        MergeTable abFirst = MergeTable.fromRankedMerges(v, List.of(
                new String[] {"a", "b"}, new String[] {"b", "c"}, new String[] {"a", "bc"}));
        assertThat(run(abFirst, "abc", starts)).containsExactly(3, 2);
        assertThat(starts[1]).isEqualTo(2);
    }

    @Test
    void tiesGoToTheLeftmostPair() {
        // "aaa" with merge a+a: the left pair merges, leaving [aa, a]
        Vocabulary v = vocab("a", "aa");
        MergeTable table = MergeTable.fromRankedMerges(v, List.<String[]>of(new String[] {"a", "a"}));
        int[] starts = new int[3];
        assertThat(run(table, "aaa", starts)).containsExactly(1, 0);
        assertThat(Arrays.copyOf(starts, 2)).containsExactly(0, 2);
        assertThat(run(table, "aaaa", new int[4])).containsExactly(1, 1);
    }

    @Test
    void staleQueueEntriesAreSkipped() {
        // "abcd": c+d (rank 0) then b+cd (rank 1) invalidates the queued b+c (rank 2)
        Vocabulary v = vocab("a", "b", "c", "d", "cd", "bcd", "bc");
        MergeTable table = MergeTable.fromRankedMerges(v, List.of(
                new String[] {"c", "d"}, new String[] {"b", "cd"}, new String[] {"b", "c"}));
        assertThat(run(table, "abcd", new int[4])).containsExactly(0, 5);
    }

    @Test
    void unknownSymbolsNeverMerge() {
        Vocabulary v = vocab("a", "b", "ab");
        MergeTable table = MergeTable.fromRankedMerges(v, List.<String[]>of(new String[] {"a", "b"}));
        assertThat(run(table, "a?b", new int[3])).containsExactly(0, -1, 1);
    }

    @Test
    void scoreMergesPreferTheHighestScoringToken() {
        // SentencePiece style: "abc" can become ab+c (score 1) or a+bc (score 2); bc wins
        Vocabulary v = Vocabulary.builder(TokenizerModel.LLAMA)
                .tokens(List.of("a", "b", "c", "ab", "bc"))
                .scores(new float[] {0, 0, 0, 1, 2}).build();
        MergeTable table = MergeTable.fromScores(v);
        assertThat(run(table, "abc", new int[3])).containsExactly(0, 4);
        assertThat(table.pairCount()).isEqualTo(2);
    }
}
