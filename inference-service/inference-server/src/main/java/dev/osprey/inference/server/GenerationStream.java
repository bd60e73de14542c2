package dev.osprey.inference.server;

import dev.osprey.api.v1.FinalEvent;
import dev.osprey.api.v1.FinishReason;
import dev.osprey.api.v1.GenerateEvent;
import dev.osprey.api.v1.Timings;
import dev.osprey.api.v1.TokenEvent;
import dev.osprey.api.v1.TopLogprob;
import dev.osprey.api.v1.Usage;
import dev.osprey.engine.sampling.TokenLogprobs;
import dev.osprey.engine.serve.GenerationObserver;
import dev.osprey.engine.serve.GenerationOutcome;
import dev.osprey.engine.serve.RequestHandle;
import dev.osprey.engine.serve.StreamedToken;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import java.util.ArrayDeque;

/**
 * One Generate call: relays the engine's events to the gRPC stream under gRPC flow control, and measures
 * the call's token latencies. The engine calls {@link #ready}, {@link #onToken} and {@link #onComplete}
 * on its thread, in order; gRPC calls {@link #clientReady} and {@link #clientCancelled} on its own
 * threads. Never blocks the engine.
 *
 * <p>Events go to the call while it {@linkplain ServerCallStreamObserver#isReady is ready}; otherwise they
 * wait here, at most {@link StreamLimits#maxBufferedEvents} token events plus the final event. When that
 * many wait, {@link #ready} answers false and the engine pauses the generation; when the client reads
 * again the events drain and the generation resumes. A call that stays full past
 * {@link StreamLimits#stallTimeout} is closed with {@code CANCELLED} and its generation cancelled, which
 * frees its KV blocks. Once the generation ended, what still waits goes out as the client reads, or is
 * dropped when the call is cancelled. Calls on {@link #call} happen under this object's lock, one at a time.
 */
final class GenerationStream implements GenerationObserver {
    private final String id;
    private final ServerCallStreamObserver<GenerateEvent> call;
    private final ServedModel served;
    private final InferenceMetrics metrics;
    private final StreamLimits limits;
    private final long arrivalNanos;
    private long lastTokenNanos = -1; // engine thread only
    private final ArrayDeque<GenerateEvent> unsent = new ArrayDeque<>(); // guarded by this
    private boolean completeWhenSent;  // guarded by this: the final event is queued; complete after it
    private boolean closed;            // guarded by this: the call was completed or failed
    private long fullSinceNanos = -1;  // guarded by this: when ready() last found unsent full (the generation
                                       // paused); -1 while it answers true
    private volatile boolean cancelled;
    private volatile RequestHandle handle;

    GenerationStream(String id, ServerCallStreamObserver<GenerateEvent> call, ServedModel served,
                     InferenceMetrics metrics, StreamLimits limits, long arrivalNanos) {
        this.id = id;
        this.call = call;
        this.served = served;
        this.metrics = metrics;
        this.limits = limits;
        this.arrivalNanos = arrivalNanos;
    }

    /** Called once the engine accepted the request; cancels it at once if the client already went away. */
    void submitted(RequestHandle h) {
        handle = h;
        if (cancelled) {
            h.cancel();
        }
    }

    /** The client cancelled the call (or its deadline passed): stop the generation and free its blocks. */
    void clientCancelled() {
        cancelled = true;
        RequestHandle h = handle;
        if (h != null) {
            h.cancel();
        }
    }

    /** gRPC's on-ready handler: sends what waits, and resumes the generation if it was paused for room. */
    void clientReady() {
        boolean resume;
        synchronized (this) {
            send();
            resume = fullSinceNanos >= 0 && unsent.size() < limits.maxBufferedEvents();
        }
        RequestHandle h = handle;
        if (resume && h != null) {
            h.resume();
        }
    }

    /** Events held back for a client that is not reading; for tests. */
    synchronized int unsentEvents() {
        return unsent.size();
    }

    @Override
    public boolean ready() {
        if (cancelled) {
            return false; // the engine ends it at its next step
        }
        synchronized (this) {
            send();
            if (closed || unsent.size() < limits.maxBufferedEvents()) {
                fullSinceNanos = -1;
                return true;
            }
            long now = System.nanoTime();
            if (fullSinceNanos < 0) {
                fullSinceNanos = now;
            } else if (now - fullSinceNanos >= limits.stallTimeout().toNanos()) {
                stalled();
            }
            return false;
        }
    }

    /** Holding the lock: the client stopped reading for the stall timeout. */
    private void stalled() {
        cancelled = true;
        int dropped = unsent.size();
        fail(Status.CANCELLED.withDescription("request " + id + ": the client stopped reading for "
                + seconds(limits.stallTimeout()) + " with " + dropped
                + " events unsent; the generation was cancelled"));
        RequestHandle h = handle;
        if (h != null) {
            h.cancel();
        }
    }

    private static String seconds(java.time.Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }

    @Override
    public void onToken(StreamedToken token) {
        long now = System.nanoTime();
        if (lastTokenNanos < 0) {
            metrics.firstToken(now - arrivalNanos);
        } else {
            metrics.interToken(now - lastTokenNanos);
        }
        lastTokenNanos = now;
        if (cancelled || call.isCancelled()) {
            return;
        }
        TokenEvent.Builder event = TokenEvent.newBuilder().setId(token.id()).setText(token.text());
        TokenLogprobs logprobs = token.logprobs();
        if (logprobs != null) {
            event.setLogprob(logprobs.logprob());
            for (TokenLogprobs.Alternative alternative : logprobs.top()) {
                event.addTopLogprobs(TopLogprob.newBuilder().setId(alternative.tokenId()).setLogprob(alternative.logprob()));
            }
        }
        enqueue(GenerateEvent.newBuilder().setToken(event).build(), false);
    }

    @Override
    public void onComplete(GenerationOutcome outcome) {
        metrics.usage(outcome.promptTokens(), outcome.completionTokens());
        if (cancelled || call.isCancelled()) {
            return;
        }
        switch (outcome.reason()) {
            case STOP -> finish(outcome, FinishReason.STOP);
            case LENGTH -> finish(outcome, FinishReason.LENGTH);
            case CANCELLED -> {
                if (served.closing()) {
                    fail(Status.UNAVAILABLE.withDescription("request " + id + ": the server is shutting down"));
                } else {
                    finish(outcome, FinishReason.CANCELLED);
                }
            }
            case DEADLINE -> fail(Status.DEADLINE_EXCEEDED.withDescription("request " + id
                    + ": the deadline passed after " + outcome.completionTokens() + " generated tokens"));
            case ERROR -> fail(Status.INTERNAL.withDescription("request " + id + ": " + outcome.message()));
        }
    }

    /** Queues {@code event} (the final one when {@code last}) and sends what the call takes now. */
    private synchronized void enqueue(GenerateEvent event, boolean last) {
        if (closed) {
            return;
        }
        unsent.add(event);
        completeWhenSent |= last;
        send();
    }

    /** Holding the lock: events to the call while it is ready; completes it after the final event. */
    private void send() {
        while (!closed && !unsent.isEmpty() && call.isReady()) {
            call.onNext(unsent.poll());
        }
        if (!closed && unsent.isEmpty() && completeWhenSent) {
            closed = true;
            call.onCompleted();
        }
    }

    /** Closes the call with {@code status} now; events still unsent are dropped. */
    private synchronized void fail(Status status) {
        if (closed) {
            return;
        }
        closed = true;
        unsent.clear();
        call.onError(status.asRuntimeException());
    }

    private void finish(GenerationOutcome outcome, FinishReason reason) {
        enqueue(GenerateEvent.newBuilder().setFinal(FinalEvent.newBuilder()
                .setFinishReason(reason)
                .setMessage(outcome.message())
                .setTrailingText(outcome.trailingText())
                .setUsage(Usage.newBuilder()
                        .setPromptTokens(outcome.promptTokens())
                        .setCompletionTokens(outcome.completionTokens())
                        .setCachedPromptTokens(outcome.cachedPromptTokens()))
                .setTimings(Timings.newBuilder()
                        .setQueuedMs(outcome.queuedNanos() / 1e6)
                        .setTimeToFirstTokenMs(outcome.firstTokenNanos() < 0 ? 0 : outcome.firstTokenNanos() / 1e6)
                        .setTotalMs(outcome.totalNanos() / 1e6))
                .setPreemptions(outcome.preemptions())
                .setRequestId(id))
                .build(), true);
    }
}
