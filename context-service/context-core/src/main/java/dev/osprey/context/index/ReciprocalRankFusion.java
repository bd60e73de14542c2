package dev.osprey.context.index;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reciprocal rank fusion (Cormack et al. 2009): {@code score(d) = Σ_lists w_list / (k + rank_list(d))}, ranks
 * 1-based, weights 1 unless given.
 */
public final class ReciprocalRankFusion {
    public static final int DEFAULT_K = 60;

    private ReciprocalRankFusion() {
    }

    /**
     * @param rankings best-first lists of distinct keys
     * @return every key of every list with its fused score, best first; ties keep first-seen order
     */
    public static <K> LinkedHashMap<K, Double> fuse(List<List<K>> rankings, int k) {
        double[] weights = new double[rankings.size()];
        java.util.Arrays.fill(weights, 1.0);
        return fuse(rankings, weights, k);
    }

    /** As {@link #fuse(List, int)} with one weight per ranking. */
    public static <K> LinkedHashMap<K, Double> fuse(List<List<K>> rankings, double[] weights, int k) {
        if (weights.length != rankings.size()) {
            throw new IllegalArgumentException(rankings.size() + " rankings but " + weights.length + " weights");
        }
        Map<K, Double> scores = new HashMap<>();
        Map<K, Integer> firstSeen = new HashMap<>();
        for (int r = 0; r < rankings.size(); r++) {
            List<K> ranking = rankings.get(r);
            for (int i = 0; i < ranking.size(); i++) {
                K key = ranking.get(i);
                scores.merge(key, weights[r] / (k + i + 1), Double::sum);
                firstSeen.putIfAbsent(key, firstSeen.size());
            }
        }
        List<K> keys = new ArrayList<>(scores.keySet());
        keys.sort(Comparator.<K>comparingDouble(scores::get).reversed().thenComparing(firstSeen::get));
        LinkedHashMap<K, Double> fused = new LinkedHashMap<>();
        keys.forEach(key -> fused.put(key, scores.get(key)));
        return fused;
    }
}
