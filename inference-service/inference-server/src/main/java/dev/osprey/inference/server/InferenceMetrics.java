package dev.osprey.inference.server;

import dev.osprey.engine.serve.EngineStats;
import dev.osprey.engine.serve.InferenceEngine;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;

/**
 * The generation and scheduler meters of one served model (names from DESIGN.md, tag {@code model}).
 * Timers and token counters are fed by the gRPC service per event; gauges and function counters read
 * {@link InferenceEngine#stats()} when scraped. Thread-safe.
 */
public final class InferenceMetrics implements AutoCloseable {
    private final MeterRegistry registry;
    private final List<Meter> meters = new ArrayList<>();
    private final Timer timeToFirstToken;
    private final Timer interTokenLatency;
    private final Counter promptTokens;
    private final Counter completionTokens;

    public InferenceMetrics(MeterRegistry registry, String model, InferenceEngine engine) {
        this.registry = registry;
        Tags tags = Tags.of("model", model);
        timeToFirstToken = keep(Timer.builder("osprey.generation.ttft")
                .description("From the arrival of a Generate call to its first token")
                .tags(tags).register(registry));
        interTokenLatency = keep(Timer.builder("osprey.generation.itl")
                .description("Between consecutive tokens of one generation")
                .tags(tags).register(registry));
        promptTokens = keep(Counter.builder("osprey.generation.tokens").tags(tags).tag("kind", "prompt")
                .description("Prompt tokens of finished generations").register(registry));
        completionTokens = keep(Counter.builder("osprey.generation.tokens").tags(tags).tag("kind", "completion")
                .description("Tokens generated").register(registry));

        gauge(registry, engine, tags, "osprey.scheduler.waiting", "Requests waiting (including preempted ones)",
                s -> s.waiting());
        gauge(registry, engine, tags, "osprey.scheduler.running", "Requests holding KV blocks", s -> s.running());
        gauge(registry, engine, tags, "osprey.scheduler.batch.tokens", "Tokens in the latest forward pass",
                s -> s.lastBatchTokens());
        gauge(registry, engine, tags, "osprey.kv.blocks.used", "KV blocks referenced by running requests",
                s -> s.kvBlocksUsed());
        gauge(registry, engine, tags, "osprey.kv.blocks.total", "KV blocks in the pool", s -> s.kvBlocksTotal());
        keep(Gauge.builder("osprey.kv.capacity.tokens", engine, InferenceEngine::kvCapacityTokens)
                .description("Tokens the KV cache holds across sequences").tags(tags).register(registry));
        keep(Gauge.builder("osprey.kv.budget.bytes", engine, InferenceEngine::kvBytes)
                .description("Native memory of the KV cache").baseUnit("bytes").tags(tags).register(registry));
        counter(registry, engine, tags, "osprey.prefix.cache.hits", "Prefix-cache block lookups that hit",
                s -> s.prefixHits());
        counter(registry, engine, tags, "osprey.prefix.cache.lookups", "Prefix-cache block lookups",
                s -> s.prefixLookups());
        counter(registry, engine, tags, "osprey.scheduler.preemptions", "Running requests preempted to free KV blocks",
                s -> s.preemptions());
    }

    private void gauge(MeterRegistry registry, InferenceEngine engine, Tags tags, String name, String description,
                       ToDoubleFunction<EngineStats> value) {
        keep(Gauge.builder(name, engine, e -> value.applyAsDouble(e.stats())).description(description).tags(tags)
                .register(registry));
    }

    private void counter(MeterRegistry registry, InferenceEngine engine, Tags tags, String name,
                         String description, ToDoubleFunction<EngineStats> value) {
        keep(FunctionCounter.builder(name, engine, e -> value.applyAsDouble(e.stats())).description(description)
                .tags(tags).register(registry));
    }

    private <M extends Meter> M keep(M meter) {
        meters.add(meter);
        return meter;
    }

    /**
     * Removes this service's meters from the registry, so that a later service of the same model in the
     * same JVM (a restart, another embedded stack) reports its own engine, not this closed one.
     */
    @Override
    public void close() {
        meters.forEach(registry::remove);
        meters.clear();
    }

    void firstToken(long nanos) {
        timeToFirstToken.record(nanos, TimeUnit.NANOSECONDS);
    }

    void interToken(long nanos) {
        interTokenLatency.record(nanos, TimeUnit.NANOSECONDS);
    }

    void usage(int prompt, int completion) {
        promptTokens.increment(prompt);
        completionTokens.increment(completion);
    }
}
