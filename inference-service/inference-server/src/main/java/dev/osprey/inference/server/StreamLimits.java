package dev.osprey.inference.server;

import java.time.Duration;
import java.util.Objects;

/**
 * How much a Generate call may hold back for a client that reads slowly ({@code osprey.inference.stream.*}).
 *
 * @param maxBufferedEvents token events a call holds while gRPC flow control says the client is not ready;
 *                          when they are full the generation pauses (it keeps its KV blocks)
 * @param stallTimeout      how long a call may stay full and not ready before its generation is cancelled
 *                          (its KV blocks freed) and the call closed with {@code CANCELLED}
 */
public record StreamLimits(int maxBufferedEvents, Duration stallTimeout) {

    public static final StreamLimits DEFAULTS = new StreamLimits(256, Duration.ofSeconds(30));

    public StreamLimits {
        Objects.requireNonNull(stallTimeout, "stallTimeout");
        if (maxBufferedEvents < 1) {
            throw new IllegalArgumentException("osprey.inference.stream.max-buffered-events must be at least 1, was "
                    + maxBufferedEvents);
        }
        if (stallTimeout.isNegative() || stallTimeout.isZero()) {
            throw new IllegalArgumentException("osprey.inference.stream.stall-timeout must be positive, was "
                    + stallTimeout);
        }
    }
}
