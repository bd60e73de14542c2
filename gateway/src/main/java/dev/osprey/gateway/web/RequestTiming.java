package dev.osprey.gateway.web;

import java.util.concurrent.atomic.AtomicLong;

/**
 * When a request arrived and when its body was complete, so that the gateway's own time before the
 * hand-off to the inference service (parsing, validation, limits) can be measured: from the last body
 * byte (time spent waiting for the client's bytes is not the gateway's), minus {@code upstreamNanos},
 * the time spent waiting on the tokenizer and context services.
 */
final class RequestTiming {
    static final String ATTRIBUTE = RequestTiming.class.getName();

    final long arrivedNanos;
    final AtomicLong upstreamNanos = new AtomicLong();
    volatile long bodyReceivedNanos;

    private RequestTiming(long arrivedNanos) {
        this.arrivedNanos = arrivedNanos;
    }

    static RequestTiming start() {
        return new RequestTiming(System.nanoTime());
    }

    /** The start of the gateway's own work: the body's arrival, or the request's when it had none. */
    long workStartNanos() {
        long body = bodyReceivedNanos;
        return body != 0 ? body : arrivedNanos;
    }
}
