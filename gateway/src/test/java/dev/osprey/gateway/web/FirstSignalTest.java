package dev.osprey.gateway.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

class FirstSignalTest {
    private static final Duration WAIT = Duration.ofSeconds(5);

    @Test
    void replaysTheFirstElementThenTheRest() {
        Flux<String> rest = FirstSignal.await(Flux.just("a", "b", "c")).block(WAIT);
        assertThat(rest.collectList().block(WAIT)).containsExactly("a", "b", "c");
    }

    @Test
    void resolvesOnTheFirstElementAndStreamsTheRestAsItComes() {
        Sinks.Many<String> source = Sinks.many().unicast().onBackpressureBuffer();
        AtomicReference<Flux<String>> resolved = new AtomicReference<>();
        FirstSignal.await(source.asFlux()).subscribe(resolved::set);
        assertThat(resolved.get()).isNull();
        source.tryEmitNext("a");
        assertThat(resolved.get()).isNotNull();

        List<String> seen = new CopyOnWriteArrayList<>();
        AtomicBoolean completed = new AtomicBoolean();
        resolved.get().subscribe(seen::add, e -> {}, () -> completed.set(true));
        assertThat(seen).containsExactly("a");
        source.tryEmitNext("b");
        source.tryEmitNext("c");
        assertThat(seen).containsExactly("a", "b", "c");
        assertThat(completed).isFalse();
        source.tryEmitComplete();
        assertThat(completed).isTrue();
    }

    @Test
    void anErrorBeforeTheFirstElementFailsTheMono() {
        IllegalStateException refused = new IllegalStateException("refused");
        Throwable thrown = catchThrowable(() -> FirstSignal.await(Flux.<String>error(refused)).block(WAIT));
        assertThat(thrown).isSameAs(refused);
    }

    @Test
    void anErrorAfterTheFirstElementGoesToTheFlux() {
        IllegalStateException broke = new IllegalStateException("broke");
        Flux<String> rest = FirstSignal.await(Flux.just("a", "b").concatWith(Mono.error(broke))).block(WAIT);
        List<String> seen = new CopyOnWriteArrayList<>();
        AtomicReference<Throwable> error = new AtomicReference<>();
        rest.subscribe(seen::add, error::set);
        assertThat(seen).containsExactly("a", "b");
        assertThat(error.get()).isSameAs(broke);
    }

    @Test
    void cancellingTheReturnedFluxCancelsTheSource() {
        AtomicBoolean cancelled = new AtomicBoolean();
        Flux<String> source = Flux.just("a").concatWith(Flux.never()).doOnCancel(() -> cancelled.set(true));
        Flux<String> rest = FirstSignal.await(source).block(WAIT);
        Disposable subscription = rest.subscribe();
        assertThat(cancelled).isFalse();
        subscription.dispose();
        assertThat(cancelled).isTrue();
    }

    @Test
    void cancellingTheMonoBeforeItResolvesCancelsTheSource() {
        AtomicBoolean cancelled = new AtomicBoolean();
        Disposable waiting = FirstSignal.await(Flux.<String>never().doOnCancel(() -> cancelled.set(true))).subscribe();
        assertThat(cancelled).isFalse();
        waiting.dispose();
        assertThat(cancelled).isTrue();
    }

    @Test
    void anEmptySourceYieldsAnEmptyFlux() {
        Flux<String> rest = FirstSignal.await(Flux.<String>empty()).block(WAIT);
        assertThat(rest).isNotNull();
        assertThat(rest.collectList().block(WAIT)).isEmpty();
    }

    @Test
    void aSlowSubscriberHoldsOnlyItsOwnDemand() {
        List<Long> requested = new CopyOnWriteArrayList<>();
        Flux<Integer> source = Flux.range(0, 10_000).doOnRequest(requested::add);
        Flux<Integer> rest = FirstSignal.await(source).block(WAIT);
        assertThat(requested).containsExactly(1L);

        List<Integer> seen = new CopyOnWriteArrayList<>();
        rest.subscribe(new reactor.core.publisher.BaseSubscriber<>() {
            @Override
            protected void hookOnSubscribe(org.reactivestreams.Subscription subscription) {
                subscription.request(3);
            }

            @Override
            protected void hookOnNext(Integer value) {
                seen.add(value);
            }
        });
        assertThat(seen).containsExactly(0, 1, 2);
        assertThat(requested.stream().mapToLong(Long::longValue).sum()).isLessThanOrEqualTo(4);
    }
}
