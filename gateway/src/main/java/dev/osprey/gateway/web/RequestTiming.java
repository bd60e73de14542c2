package dev.osprey.gateway.web;

import java.util.concurrent.atomic.AtomicLong;

/**
 * When a request arrived and when its generation was handed to the inference service, so that the
 * gateway's own time (parsing, auth, limits, planning calls excluded) can be measured.
 * {@code upstreamNanos} accumulates time spent waiting on the tokenizer and context services.
 */
final class RequestTiming {
    static final String ATTRIBUTE = RequestTiming.class.getName();

    final long arrivedNanos;
    final AtomicLong upstreamNanos = new AtomicLong();

    private RequestTiming(long arrivedNanos) {
        this.arrivedNanos = arrivedNanos;
    }

    static RequestTiming start() {
        return new RequestTiming(System.nanoTime());
    }
}
