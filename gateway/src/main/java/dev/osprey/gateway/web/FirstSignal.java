package dev.osprey.gateway.web;

import java.util.concurrent.atomic.AtomicBoolean;
import org.reactivestreams.Subscription;
import reactor.core.publisher.BaseSubscriber;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoSink;
import reactor.core.publisher.Sinks;

/**
 * Waits for a stream's first signal before a response is committed: an error that comes first (the
 * inference service refused the request) still becomes a proper HTTP status, not an error inside a
 * 200 event stream. The returned flux replays the first element, then the rest; cancelling it (or the
 * returned Mono before it resolves) cancels the source.
 *
 * <p>Demand passes through: the source is asked for one element, then only for what the returned flux's
 * subscriber requests, so a slow client holds at most its own outstanding demand here (and the gRPC
 * call behind the source stops asking the inference service for more).
 */
final class FirstSignal {
    private FirstSignal() {}

    static <T> Mono<Flux<T>> await(Flux<T> source) {
        return Mono.create(result -> {
            Relay<T> relay = new Relay<>(result);
            result.onCancel(relay::cancelUndecided);
            source.subscribe(relay);
        });
    }

    /** Subscribes to the source: holds the first signal for the Mono, then forwards on the replay's demand. */
    private static final class Relay<T> extends BaseSubscriber<T> {
        private final MonoSink<Flux<T>> result;
        /** Holds what arrived until the replay is subscribed; never more than was requested. */
        private final Sinks.Many<T> rest = Sinks.many().unicast().onBackpressureBuffer();
        private final AtomicBoolean decided = new AtomicBoolean();
        private final Flux<T> replay;

        Relay(MonoSink<Flux<T>> result) {
            this.result = result;
            this.replay = rest.asFlux().doOnRequest(this::request).doOnCancel(this::dispose);
        }

        void cancelUndecided() {
            if (!decided.get()) {
                dispose();
            }
        }

        @Override
        protected void hookOnSubscribe(Subscription subscription) {
            subscription.request(1);
        }

        @Override
        protected void hookOnNext(T item) {
            rest.tryEmitNext(item);
            if (decided.compareAndSet(false, true)) {
                result.success(replay);
            }
        }

        @Override
        protected void hookOnError(Throwable error) {
            if (decided.compareAndSet(false, true)) {
                result.error(error);
            } else {
                rest.tryEmitError(error);
            }
        }

        @Override
        protected void hookOnComplete() {
            rest.tryEmitComplete();
            if (decided.compareAndSet(false, true)) {
                result.success(replay);
            }
        }
    }
}
