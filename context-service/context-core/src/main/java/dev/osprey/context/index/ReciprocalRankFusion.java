package dev.osprey.context.index;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reciprocal rank fusion (Cormack et al. 2009): {@code score(d) = Σ_lists 1 / (k + rank_list(d))}, ranks 1-based. */
public final class ReciprocalRankFusion {
    public static final int DEFAULT_K = 60;

    private ReciprocalRankFusion() {
    }

    /**
     * @param rankings best-first lists of distinct keys
     * @return every key of every list with its fused score, best first; ties keep first-seen order
     */
    public static <K> LinkedHashMap<K, Double> fuse(List<List<K>> rankings, int k) {
        Map<K, Double> scores = new HashMap<>();
        Map<K, Integer> firstSeen = new HashMap<>();
        for (List<K> ranking : rankings) {
            for (int i = 0; i < ranking.size(); i++) {
                K key = ranking.get(i);
                scores.merge(key, 1.0 / (k + i + 1), Double::sum);
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
