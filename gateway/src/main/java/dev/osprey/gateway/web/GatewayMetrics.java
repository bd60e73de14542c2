package dev.osprey.gateway.web;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import org.springframework.stereotype.Component;

/**
 * The gateway's own meters. {@code osprey.gateway.overhead} is time spent in the gateway, upstream
 * excluded: {@code phase=admission} from the request's arrival to the generation's hand-off minus
 * the planning calls, {@code phase=relay} per streamed event from its arrival from the inference
 * service to its frame being handed to the HTTP layer. {@code osprey.gateway.requests} counts
 * requests by endpoint and status.
 */
@Component
public class GatewayMetrics {
    private final MeterRegistry registry;
    private final Timer admission;
    private final Timer relay;

    public GatewayMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.admission = overhead(registry, "admission");
        this.relay = overhead(registry, "relay");
    }

    private static Timer overhead(MeterRegistry registry, String phase) {
        return Timer.builder("osprey.gateway.overhead")
                .description("Time spent in the gateway itself, upstream calls excluded")
                .tag("phase", phase)
                .publishPercentiles(0.5, 0.9, 0.99)
                .distributionStatisticExpiry(Duration.ofMinutes(5))
                .distributionStatisticBufferLength(5)
                .register(registry);
    }

    void admission(long nanos) {
        admission.record(Duration.ofNanos(Math.max(0, nanos)));
    }

    void relay(long nanos) {
        relay.record(Duration.ofNanos(Math.max(0, nanos)));
    }

    void request(String endpoint, int status) {
        registry.counter("osprey.gateway.requests", "endpoint", endpoint, "status", Integer.toString(status)).increment();
    }

    public Timer admissionTimer() {
        return admission;
    }

    public Timer relayTimer() {
        return relay;
    }
}
