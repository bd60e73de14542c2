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

/**
 * One Generate call: relays the engine's events to the gRPC stream and measures the call's token
 * latencies. The engine calls {@link #onToken} and {@link #onComplete} on its thread, in order; gRPC
 * calls {@link #clientCancelled} on a transport thread. Never blocks (gRPC buffers outbound messages).
 */
final class GenerationStream implements GenerationObserver {
    private final String id;
    private final ServerCallStreamObserver<GenerateEvent> call;
    private final ServedModel served;
    private final InferenceMetrics metrics;
    private final long arrivalNanos;
    private long lastTokenNanos = -1; // engine thread only
    private volatile boolean cancelled;
    private volatile RequestHandle handle;

    GenerationStream(String id, ServerCallStreamObserver<GenerateEvent> call, ServedModel served,
                     InferenceMetrics metrics, long arrivalNanos) {
        this.id = id;
        this.call = call;
        this.served = served;
        this.metrics = metrics;
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
        call.onNext(GenerateEvent.newBuilder().setToken(event).build());
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
                    call.onError(Status.UNAVAILABLE.withDescription("request " + id + ": the server is shutting down")
                            .asRuntimeException());
                } else {
                    finish(outcome, FinishReason.CANCELLED);
                }
            }
            case DEADLINE -> call.onError(Status.DEADLINE_EXCEEDED.withDescription("request " + id
                    + ": the deadline passed after " + outcome.completionTokens() + " generated tokens").asRuntimeException());
            case ERROR -> call.onError(Status.INTERNAL.withDescription("request " + id + ": " + outcome.message())
                    .asRuntimeException());
        }
    }

    private void finish(GenerationOutcome outcome, FinishReason reason) {
        call.onNext(GenerateEvent.newBuilder().setFinal(FinalEvent.newBuilder()
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
                .build());
        call.onCompleted();
    }
}
