package dev.osprey.gateway.grpc;

import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.util.concurrent.atomic.AtomicBoolean;
import org.reactivestreams.Subscription;
import reactor.core.publisher.BaseSubscriber;
import reactor.core.publisher.Flux;

/**
 * Sends a {@link Flux} as the responses of a server call, with gRPC's flow control as the demand: a
 * message is requested from the publisher only while the call's transport is ready, so a slow client
 * slows its generation instead of buffering it in the gateway. An error ends the call with
 * {@link GrpcErrors#toStatus}; a client that cancels (or whose deadline passes) cancels the
 * subscription, which cancels the gRPC calls to the internal services behind the Flux.
 *
 * <p>{@link #relay} must be called from the rpc method itself, before it returns: gRPC accepts the
 * cancel and ready handlers only then.
 */
final class StreamRelay<T> extends BaseSubscriber<T> {
    private final ServerCallStreamObserver<T> call;
    /** A message is wanted but was not requested because the transport was not ready. */
    private final AtomicBoolean waiting = new AtomicBoolean();

    private StreamRelay(ServerCallStreamObserver<T> call) {
        this.call = call;
    }

    static <T> void relay(Flux<T> responses, StreamObserver<T> observer) {
        ServerCallStreamObserver<T> call = (ServerCallStreamObserver<T>) observer;
        StreamRelay<T> relay = new StreamRelay<>(call);
        call.setOnCancelHandler(relay::dispose);
        call.setOnReadyHandler(relay::onReady);
        responses.subscribe(relay);
    }

    @Override
    protected void hookOnSubscribe(Subscription subscription) {
        requestWhenReady();
    }

    @Override
    protected void hookOnNext(T value) {
        call.onNext(value);
        requestWhenReady();
    }

    @Override
    protected void hookOnComplete() {
        call.onCompleted();
    }

    @Override
    protected void hookOnError(Throwable error) {
        call.onError(GrpcErrors.toStatus(error));
    }

    /**
     * Requests the next message now if the transport is ready, otherwise leaves that to {@link #onReady}.
     * The flag is raised before readiness is checked, and whoever lowers it requests, so a ready signal
     * between the check and the flag cannot be lost and no message is requested twice.
     */
    private void requestWhenReady() {
        waiting.set(true);
        if (call.isReady() && waiting.compareAndSet(true, false)) {
            request(1);
        }
    }

    private void onReady() {
        if (waiting.compareAndSet(true, false)) {
            request(1);
        }
    }
}
