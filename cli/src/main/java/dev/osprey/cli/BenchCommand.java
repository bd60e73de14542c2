package dev.osprey.cli;

import dev.osprey.engine.EngineOptions;
import dev.osprey.engine.Model;
import dev.osprey.engine.bench.MemoryBandwidth;
import dev.osprey.engine.bench.ModelBenchmark;
import dev.osprey.engine.bench.ServingBenchmark;
import dev.osprey.engine.bench.Throughput;
import dev.osprey.engine.synthetic.SyntheticModelCache;
import dev.osprey.engine.synthetic.SyntheticSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * {@code osprey bench}: llama-bench's pp/tg figures for a model file or a seeded synthetic model of a
 * real shape, with the machine's memory bandwidth measured in the same run and generation speed as a
 * fraction of the bandwidth ceiling. {@code osprey bench tokenizer} benchmarks the tokenizer, {@code osprey bench retrieval} the repository index.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Benchmark a model (prompt processing and generation, tokens/s) or, with the "
                + "'tokenizer' subcommand, the tokenizer; with 'retrieval', the repository index.",
        subcommands = {TokenizerBenchmark.class, RetrievalBenchCommand.class})
final class BenchCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @ArgGroup(exclusive = true)
    Source source;

    static final class Source {
        @Option(names = "--model", paramLabel = "FILE", description = "GGUF model file")
        Path model;

        @Option(names = "--synthetic", paramLabel = "SHAPE:TYPE",
                description = "seeded random-weight model of a real shape, written once to a cache: "
                        + "qwen2-0.5b, qwen2-1.5b, llama-1b or qwen2-7b with f32, f16, bf16, any quantized type "
                        + "(q8_0, q4_0, q4_1, q5_0, q5_1, q2_k .. q6_k, iq4_nl, iq4_xs) or llama-quantize's q4_k_m "
                        + "and q5_k_m recipes, e.g. qwen2-0.5b:q4_k_m")
        String synthetic;
    }

    @Option(names = "--threads", paramLabel = "N", description = "threads (default: all cores)")
    Integer threads;

    @Option(names = "--kv-type", paramLabel = "TYPE", defaultValue = "f16",
            description = "KV cache element type: f16, q8_0 or f32 (default: ${DEFAULT-VALUE})")
    String kvType;

    @Option(names = "--depth", paramLabel = "N[,N...]", split = ",", defaultValue = "0",
            description = "tokens already in the KV cache when pp and tg are timed, as llama-bench's -d; "
                    + "one pp and one tg line per depth, labelled ppN@dDEPTH (default: ${DEFAULT-VALUE})")
    int[] depths;

    @Option(names = "--prompt-tokens", paramLabel = "N", defaultValue = "512",
            description = "prompt-processing batch (default: ${DEFAULT-VALUE}); 0 skips it")
    int promptTokens;

    @Option(names = "--gen-tokens", paramLabel = "N", defaultValue = "128",
            description = "tokens generated one at a time (default: ${DEFAULT-VALUE}); 0 skips it")
    int genTokens;

    @Option(names = "--repetitions", paramLabel = "N", defaultValue = "3",
            description = "timed runs of each; with --concurrency, rounds over the levels, each level's median "
                    + "reported (default: ${DEFAULT-VALUE})")
    int repetitions;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "1234",
            description = "seed of the synthetic weights and the prompt tokens (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--concurrency", paramLabel = "N[,N...]", split = ",",
            description = "instead of pp/tg: that many concurrent streams through the continuous-batching engine, "
                    + "each --prompt-tokens in and --gen-tokens out, one line per level (e.g. 1,4,8,16)")
    int[] concurrency;

    @Option(names = "--prefix-cache-test",
            description = "instead of pp/tg: time to first token of a --prefix-tokens prompt sent twice")
    boolean prefixCacheTest;

    @Option(names = "--prefix-tokens", paramLabel = "N", defaultValue = "2000",
            description = "prompt length of --prefix-cache-test (default: ${DEFAULT-VALUE})")
    int prefixTokens;

    @Option(names = "--max-batch-tokens", paramLabel = "N", defaultValue = "256",
            description = "engine step token budget for --concurrency and --prefix-cache-test (default: ${DEFAULT-VALUE})")
    int maxBatchTokens;

    @Override
    public Integer call() throws Exception {
        if (source == null) {
            spec.commandLine().usage(System.out);
            return 0;
        }
        if (repetitions < 1 || promptTokens < 0 || genTokens < 0) {
            throw new ParameterException(spec.commandLine(),
                    "--repetitions must be >= 1 and --prompt-tokens/--gen-tokens >= 0");
        }
        if (Arrays.stream(depths).anyMatch(d -> d < 0)) {
            throw new ParameterException(spec.commandLine(), "--depth must be >= 0, got " + Arrays.toString(depths));
        }
        EngineOptions options = ModelOptions.engineOptions(spec, threads, kvType);
        Path file = source.model;
        if (source.synthetic != null) {
            SyntheticSpec synthetic = SyntheticSpec.parse(source.synthetic);
            SyntheticModelCache cache = SyntheticModelCache.atDefaultDirectory();
            if (!Files.isRegularFile(cache.pathFor(synthetic, seed))) {
                System.err.println("osprey: writing " + cache.pathFor(synthetic, seed) + " (once)...");
            }
            file = cache.get(synthetic, seed);
        } else if (!Files.isRegularFile(file)) {
            throw new ParameterException(spec.commandLine(), "--model " + file + ": no such file");
        }
        try (Model model = Model.load(file, options)) {
            long bytesPerToken = ModelBenchmark.bytesPerToken(model.weights());
            System.out.printf("model %s: %s, %d layers, dim %d, vocab %d; %.1f MB of weights read per token; "
                            + "%d threads; kernels: %s, attention: %s; KV cache %s, %d bytes per token%n",
                    file.getFileName(), model.config().architecture(), model.config().layers(), model.config().dim(),
                    model.config().vocabSize(), bytesPerToken / 1e6, model.threads(), model.backend(),
                    model.backend().attention().name(), model.kvType().label(), model.kvShape().bytesPerToken());
            if (concurrency != null || prefixCacheTest) {
                serving(model);
                return 0;
            }
            ModelBenchmark bench = new ModelBenchmark(model, seed);
            Throughput tg = null;
            for (int depth : depths) {
                if (promptTokens > 0) {
                    checkContext(model, depth + promptTokens);
                    System.out.println(bench.promptProcessing(promptTokens, repetitions, depth).line());
                }
                if (genTokens > 0) {
                    checkContext(model, depth + genTokens);
                    Throughput t = bench.generation(genTokens, repetitions, depth);
                    System.out.println(t.line());
                    if (depth == 0) {
                        tg = t;
                    }
                }
                if (depth > 0 && bench.lastFill() != null) {
                    System.out.println(bench.lastFill());
                }
            }
            if (tg != null) {
                double gbps = MemoryBandwidth.measure(1L << 30, model.threads(), 7).medianGBps();
                double ceiling = gbps * 1e9 / bytesPerToken;
                System.out.printf("bandwidth=%.1f GB/s (%d threads) ceiling=%.1f t/s roofline=%.2f%n",
                        gbps, model.threads(), ceiling, tg.median() / ceiling);
            }
        }
        return 0;
    }

    private void serving(Model model) {
        if (maxBatchTokens < 1 || (concurrency != null && Arrays.stream(concurrency).anyMatch(c -> c < 1))) {
            throw new ParameterException(spec.commandLine(), "--concurrency levels and --max-batch-tokens must be >= 1");
        }
        ServingBenchmark bench = new ServingBenchmark(model, maxBatchTokens, seed);
        bench.warmUp();
        if (concurrency != null) {
            if (genTokens < 1) {
                throw new ParameterException(spec.commandLine(), "--concurrency needs --gen-tokens >= 1");
            }
            checkContext(model, promptTokens + genTokens);
            List<List<ServingBenchmark.Level>> runs = new ArrayList<>();
            for (int level : concurrency) {
                runs.add(new ArrayList<>());
            }
            for (int round = 0; round < repetitions; round++) {
                for (int i = 0; i < concurrency.length; i++) {
                    runs.get(i).add(bench.run(concurrency[i], Math.max(1, promptTokens), genTokens));
                }
            }
            System.out.printf("median of %d round(s), levels interleaved within each round%n", repetitions);
            for (List<ServingBenchmark.Level> level : runs) {
                System.out.println(ServingBenchmark.Level.median(level).line());
            }
        }
        if (prefixCacheTest) {
            checkContext(model, prefixTokens + 1);
            System.out.println(bench.prefixReuse(prefixTokens).line());
        }
    }

    private void checkContext(Model model, int tokens) {
        if (tokens > model.config().contextLength()) {
            throw new ParameterException(spec.commandLine(), tokens + " tokens exceed the model's context of "
                    + model.config().contextLength());
        }
    }
}
