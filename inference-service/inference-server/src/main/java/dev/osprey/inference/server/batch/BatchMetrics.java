package dev.osprey.inference.server.batch;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.DoubleSupplier;
import java.util.function.IntSupplier;

/**
 * The batch worker's meters, tagged {@code model} like {@code InferenceMetrics}: requests by outcome,
 * slots used and total, the consumer's lag and the partitions revoked from it. Gauges read the suppliers
 * when scraped. {@link #close} removes every meter, so that a later worker on the same registry
 * registers its own. Thread-safe.
 */
final class BatchMetrics implements AutoCloseable {
    private final MeterRegistry registry;
    private final Map<BatchOutcome, Counter> requests = new EnumMap<>(BatchOutcome.class);
    private final Counter revoked;
    private final List<Meter> meters = new ArrayList<>();

    BatchMetrics(MeterRegistry registry, String model, IntSupplier slotsUsed, int slotsTotal, DoubleSupplier lag) {
        this.registry = registry;
        Tags tags = Tags.of("model", model);
        for (BatchOutcome outcome : BatchOutcome.values()) {
            Counter c = Counter.builder("osprey.batch.requests").tags(tags).tag("outcome", outcome.tag())
                    .description("Batch requests whose result was produced (or that were skipped as unreadable)")
                    .register(registry);
            requests.put(outcome, c);
            meters.add(c);
        }
        revoked = Counter.builder("osprey.batch.partitions.revoked").tags(tags)
                .description("Request-topic partitions taken from this worker by a rebalance").register(registry);
        meters.add(revoked);
        meters.add(Gauge.builder("osprey.batch.slots.used", slotsUsed::getAsInt).tags(tags)
                .description("Batch requests in the engine").register(registry));
        meters.add(Gauge.builder("osprey.batch.slots.total", () -> slotsTotal).tags(tags)
                .description("Batch requests the worker lets into the engine at once").register(registry));
        meters.add(Gauge.builder("osprey.batch.consumer.lag", lag::getAsDouble).tags(tags)
                .description("The request consumer's records-lag-max: records behind the end of its most lagging partition")
                .register(registry));
    }

    void finished(BatchOutcome outcome) {
        requests.get(outcome).increment();
    }

    void revoked(int partitions) {
        revoked.increment(partitions);
    }

    @Override
    public void close() {
        meters.forEach(registry::remove);
    }
}
