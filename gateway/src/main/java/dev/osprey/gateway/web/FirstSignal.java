package dev.osprey.gateway.web;

import java.util.concurrent.atomic.AtomicBoolean;
import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * Waits for a stream's first signal before a response is committed: an error that comes first (the
 * inference service refused the request) still becomes a proper HTTP status, not an error inside a
 * 200 event stream. The returned flux replays the first element, then the rest; cancelling it (or the
 * returned Mono before it resolves) cancels the source.
 */
final class FirstSignal {
    private FirstSignal() {}

    static <T> Mono<Flux<T>> await(Flux<T> source) {
        return Mono.create(result -> {
            Sinks.Many<T> rest = Sinks.many().unicast().onBackpressureBuffer();
            Disposable.Swap subscription = Disposables.swap();
            Flux<T> replay = rest.asFlux().doOnCancel(subscription::dispose);
            AtomicBoolean decided = new AtomicBoolean();
            result.onCancel(() -> {
                if (!decided.get()) {
                    subscription.dispose();
                }
            });
            subscription.update(source.subscribe(
                    item -> {
                        rest.tryEmitNext(item);
                        if (decided.compareAndSet(false, true)) {
                            result.success(replay);
                        }
                    },
                    error -> {
                        if (decided.compareAndSet(false, true)) {
                            result.error(error);
                        } else {
                            rest.tryEmitError(error);
                        }
                    },
                    () -> {
                        rest.tryEmitComplete();
                        if (decided.compareAndSet(false, true)) {
                            result.success(replay);
                        }
                    }));
        });
    }
}
