package dev.osprey.gateway.web;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import org.springframework.stereotype.Component;

/**
 * The gateway's own meters. {@code osprey.gateway.overhead} is time spent in the gateway, upstream
 * excluded: {@code phase=admission} from the request's arrival to the generation's hand-off minus
 * the planning calls, {@code phase=relay} per streamed event from its arrival from the inference
 * service to its frame being handed to the HTTP layer. {@code osprey.gateway.planning} is the
 * upstream part before generation (tokenizer and context calls). Percentiles cover the last minute or so.
 */
@Component
public class GatewayMetrics {
    /** Percentiles are over a sliding window of about this long (rotated in thirds). */
    static final Duration WINDOW = Duration.ofMinutes(1);
    private final Timer admission;
    private final Timer relay;
    private final Timer planning;

    public GatewayMetrics(MeterRegistry registry) {
        this.admission = windowed(overhead("admission"), registry);
        this.relay = windowed(overhead("relay"), registry);
        this.planning = windowed(Timer.builder("osprey.gateway.planning")
                .description("Time from a request's parse to its prompt being ready (tokenizer and context calls)"), registry);
    }

    void planning(long nanos) {
        planning.record(Duration.ofNanos(Math.max(0, nanos)));
    }

    public Timer planningTimer() {
        return planning;
    }

    private static Timer.Builder overhead(String phase) {
        return Timer.builder("osprey.gateway.overhead")
                .description("Time spent in the gateway itself, upstream calls excluded")
                .tag("phase", phase);
    }

    /** p50, p90 and p99 over the last {@link #WINDOW} or so. */
    private static Timer windowed(Timer.Builder timer, MeterRegistry registry) {
        return timer.publishPercentiles(0.5, 0.9, 0.99)
                .distributionStatisticExpiry(WINDOW)
                .distributionStatisticBufferLength(3)
                .register(registry);
    }

    void admission(long nanos) {
        admission.record(Duration.ofNanos(Math.max(0, nanos)));
    }

    void relay(long nanos) {
        relay.record(Duration.ofNanos(Math.max(0, nanos)));
    }

    public Timer admissionTimer() {
        return admission;
    }

    public Timer relayTimer() {
        return relay;
    }
}
