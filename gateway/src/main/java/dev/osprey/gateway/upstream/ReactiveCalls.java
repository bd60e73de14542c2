package dev.osprey.gateway.upstream;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import reactor.core.publisher.Flux;
import reactor.core.publisher.FluxSink;
import reactor.core.publisher.Mono;

/**
 * gRPC calls as Reactor publishers. Each subscription starts one call; cancelling the subscription
 * (a client that went away) cancels the call, which the server sees as CANCELLED. Demand flows through:
 * a streaming call asks the server for as many messages as the subscriber requested. A call that ends
 * with a non-OK status errors with {@link io.grpc.StatusRuntimeException} carrying the trailers.
 */
public final class ReactiveCalls {
    private ReactiveCalls() {}

    public static <Q, R> Flux<R> serverStreaming(Channel channel, MethodDescriptor<Q, R> method, Q request,
                                                 CallOptions options) {
        return Flux.create(sink -> {
            ClientCall<Q, R> call = channel.newCall(method, options);
            AtomicBoolean closed = new AtomicBoolean();
            sink.onCancel(() -> {
                if (!closed.get()) {
                    call.cancel("the client cancelled", null);
                }
            });
            call.start(new ClientCall.Listener<>() {
                @Override
                public void onMessage(R message) {
                    sink.next(message);
                }

                @Override
                public void onClose(Status status, Metadata trailers) {
                    closed.set(true);
                    if (status.isOk()) {
                        sink.complete();
                    } else {
                        sink.error(status.asRuntimeException(trailers));
                    }
                }
            }, new Metadata());
            sink.onRequest(n -> call.request((int) Math.min(n, Integer.MAX_VALUE)));
            call.sendMessage(request);
            call.halfClose();
        }, FluxSink.OverflowStrategy.BUFFER);
    }

    /** The deadline of the gateway's calls to the tokenizer and context services unless one says otherwise. */
    public static final Duration CALL_DEADLINE = Duration.ofSeconds(30);

    /** Call options whose deadline is {@code timeout} from now (each call gets its own). */
    public static CallOptions deadline(Duration timeout) {
        return CallOptions.DEFAULT.withDeadlineAfter(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** {@link #deadline} of {@link #CALL_DEADLINE}. */
    public static CallOptions defaultDeadline() {
        return deadline(CALL_DEADLINE);
    }

    public static <Q, R> Mono<R> unary(Channel channel, MethodDescriptor<Q, R> method, Q request,
                                       CallOptions options) {
        return serverStreaming(channel, method, request, options).single();
    }
}
