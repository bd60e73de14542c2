package dev.osprey.engine.bench;

import dev.osprey.engine.Model;
import dev.osprey.engine.kv.KvStorage;
import dev.osprey.engine.sampling.SamplingParameters;
import dev.osprey.engine.serve.EngineConfig;
import dev.osprey.engine.serve.GenerationObserver;
import dev.osprey.engine.serve.GenerationOutcome;
import dev.osprey.engine.serve.GenerationRequest;
import dev.osprey.engine.serve.InferenceEngine;
import dev.osprey.engine.serve.Priority;
import dev.osprey.engine.serve.StreamedToken;
import dev.osprey.engine.sampling.FinishReason;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;

/**
 * Many concurrent streams through the {@link InferenceEngine}: aggregate generation throughput (with
 * and without prefill) and time-to-first-token / inter-token latency percentiles per concurrency level, and the time to first
 * token of a long prompt sent twice (the second time from the prefix cache). Prompts are seeded random
 * token ids, distinct per request; generation ignores end-of-sequence tokens so every stream has the
 * asked length.
 */
public final class ServingBenchmark {
    private final Model model;
    private final int maxBatchTokens;
    private final long seed;

    public ServingBenchmark(Model model, int maxBatchTokens, long seed) {
        this.model = model;
        this.maxBatchTokens = maxBatchTokens;
        this.seed = seed;
    }

    /**
     * One concurrency level's figures; latencies in milliseconds. {@code aggregateTps}: every generated
     * token over the wall time from submission (prefill included); {@code decodeTps}: decode with every
     * stream running together ({@link #decodeTps(List)}).
     */
    public record Level(int concurrency, double aggregateTps, double decodeTps, double ttftP50, double ttftP99,
                        double itlP50, double itlP99) {
        public String line() {
            return String.format("concurrency=%d aggregate_tps=%.2f decode_tps=%.2f ttft_p50_ms=%.0f ttft_p99_ms=%.0f "
                    + "itl_p50_ms=%.1f itl_p99_ms=%.1f", concurrency, aggregateTps, decodeTps, ttftP50, ttftP99, itlP50,
                    itlP99);
        }

        /** Each figure's median over {@code runs} of one level (upper median for an even count). */
        public static Level median(List<Level> runs) {
            if (runs.isEmpty() || runs.stream().anyMatch(r -> r.concurrency != runs.getFirst().concurrency)) {
                throw new IllegalArgumentException("runs of one level expected, not " + runs);
            }
            return new Level(runs.getFirst().concurrency, median(runs, Level::aggregateTps), median(runs, Level::decodeTps),
                    median(runs, Level::ttftP50), median(runs, Level::ttftP99), median(runs, Level::itlP50),
                    median(runs, Level::itlP99));
        }

        private static double median(List<Level> runs, java.util.function.ToDoubleFunction<Level> figure) {
            double[] v = runs.stream().mapToDouble(figure).sorted().toArray();
            return v[v.length / 2];
        }
    }

    /** Time to first token of one prompt sent twice, in milliseconds, and the tokens the second found cached. */
    public record PrefixReuse(int promptTokens, double coldMs, double cachedMs, int cachedTokens) {
        public String line() {
            return String.format("prefix_ttft_cold_ms=%.0f prefix_ttft_cached_ms=%.0f (prompt %d tokens, %d from cache, "
                    + "%.1fx)", coldMs, cachedMs, promptTokens, cachedTokens, coldMs / cachedMs);
        }
    }

    /**
     * Tokens per second while every stream decodes: the tokens whose times fall after the last stream's first token
     * and up to the first stream's last, over that span. The span from the earliest first token to the latest last one
     * would take in other streams' prefill (chunked beside the first streams' decode) and the tail where fewer streams
     * are left. NaN when no such span exists (a stream ended before another had its first token).
     *
     * @param times each stream's token times, nanoseconds, ascending
     */
    static double decodeTps(List<List<Long>> times) {
        long from = Long.MIN_VALUE;
        long to = Long.MAX_VALUE;
        for (List<Long> t : times) {
            from = Math.max(from, t.getFirst());
            to = Math.min(to, t.getLast());
        }
        if (to <= from) {
            return Double.NaN;
        }
        long tokens = 0;
        for (List<Long> t : times) {
            for (long at : t) {
                if (at > from && at <= to) {
                    tokens++;
                }
            }
        }
        return tokens / ((to - from) / 1e9);
    }

    /** A short run so the timed ones see compiled kernels. */
    public void warmUp() {
        run(2, 32, 16);
    }

    /** {@code concurrency} streams submitted at once, each {@code promptTokens} in and {@code genTokens} out. */
    public Level run(int concurrency, int promptTokens, int genTokens) {
        SplittableRandom random = new SplittableRandom(seed + concurrency);
        try (InferenceEngine engine = InferenceEngine.start(model, config(concurrency, promptTokens + genTokens))) {
            List<Stream> streams = new ArrayList<>();
            long start = System.nanoTime();
            for (int i = 0; i < concurrency; i++) {
                Stream s = new Stream(start);
                engine.submit(new GenerationRequest("bench-" + i, randomPrompt(random, promptTokens), params(genTokens),
                        Priority.INTERACTIVE, null, "", true), s);
                streams.add(s);
            }
            List<Double> ttft = new ArrayList<>();
            List<Double> itl = new ArrayList<>();
            long tokens = 0;
            List<List<Long>> times = new ArrayList<>();
            for (Stream s : streams) {
                s.await();
                ttft.add((s.times.getFirst() - start) / 1e6);
                for (int i = 1; i < s.times.size(); i++) {
                    itl.add((s.times.get(i) - s.times.get(i - 1)) / 1e6);
                }
                tokens += s.times.size();
                times.add(s.times);
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            return new Level(concurrency, tokens / seconds, decodeTps(times), percentile(ttft, 50),
                    percentile(ttft, 99), percentile(itl, 50), percentile(itl, 99));
        }
    }

    /** The same {@code promptTokens}-token prompt twice, one token each, through one engine. */
    public PrefixReuse prefixReuse(int promptTokens) {
        int[] prompt = randomPrompt(new SplittableRandom(seed ^ 0x5EED), promptTokens);
        try (InferenceEngine engine = InferenceEngine.start(model, config(1, promptTokens + 1))) {
            double cold = firstTokenMs(engine, "cold", prompt);
            Stream warm = new Stream(System.nanoTime());
            engine.submit(new GenerationRequest("cached", prompt, params(1), Priority.INTERACTIVE, null, "", true), warm);
            GenerationOutcome outcome = warm.await();
            return new PrefixReuse(promptTokens, cold, (warm.times.getFirst() - warm.start) / 1e6,
                    outcome.cachedPromptTokens());
        }
    }

    private double firstTokenMs(InferenceEngine engine, String id, int[] prompt) {
        Stream s = new Stream(System.nanoTime());
        engine.submit(new GenerationRequest(id, prompt, params(1), Priority.INTERACTIVE, null, "", true), s);
        s.await();
        return (s.times.getFirst() - s.start) / 1e6;
    }

    private EngineConfig config(int concurrency, int tokensPerStream) {
        int blockSize = EngineConfig.DEFAULT_BLOCK_SIZE;
        long blocks = (long) concurrency * ((tokensPerStream + blockSize - 1) / blockSize + 1) + 4;
        long budget = blocks * KvStorage.bytesPerBlock(model.kvShape(), blockSize);
        int window = Math.min(model.config().contextLength(), tokensPerStream + blockSize);
        return new EngineConfig(blockSize, budget, Math.max(maxBatchTokens, concurrency), concurrency, concurrency, window);
    }

    private static SamplingParameters params(int genTokens) {
        return SamplingParameters.greedy().toBuilder().maxTokens(genTokens).build();
    }

    private int[] randomPrompt(SplittableRandom random, int n) {
        int[] ids = new int[n];
        for (int i = 0; i < n; i++) {
            ids[i] = random.nextInt(model.config().vocabSize());
        }
        return ids;
    }

    /** Nearest-rank percentile of {@code values}. */
    static double percentile(List<Double> values, double p) {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    /** Token arrival times of one request. */
    private static final class Stream implements GenerationObserver {
        final long start;
        final List<Long> times = new ArrayList<>();
        final CompletableFuture<GenerationOutcome> done = new CompletableFuture<>();

        Stream(long start) {
            this.start = start;
        }

        @Override
        public void onToken(StreamedToken token) {
            times.add(System.nanoTime());
        }

        @Override
        public void onComplete(GenerationOutcome outcome) {
            done.complete(outcome);
        }

        GenerationOutcome await() {
            GenerationOutcome outcome = done.join();
            if (outcome.reason() != FinishReason.LENGTH || times.isEmpty()) {
                throw new IllegalStateException("benchmark stream ended with " + outcome.reason() + " "
                        + outcome.message());
            }
            return outcome;
        }
    }
}
