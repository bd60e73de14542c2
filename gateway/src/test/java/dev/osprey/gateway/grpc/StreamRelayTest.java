package dev.osprey.gateway.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.osprey.api.v1.ChoiceDelta;
import dev.osprey.api.v1.CompleteRequest;
import dev.osprey.api.v1.CompletionChunk;
import dev.osprey.api.v1.CompletionsGrpc;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.grpc.stub.StreamObserver;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

/**
 * {@link StreamRelay} on its own, with no gRPC context linking the client's call to the source:
 * the client's demand bounds what the source is asked for, and a cancel reaches the source.
 */
class StreamRelayTest {
    private static final int TOTAL = 500;

    private final AtomicInteger emitted = new AtomicInteger();
    private final CountDownLatch sourceCancelled = new CountDownLatch(1);
    private Server server;
    private ManagedChannel channel;

    @BeforeEach
    void start() throws Exception {
        String name = InProcessServerBuilder.generateName();
        server = InProcessServerBuilder.forName(name).addService(new CompletionsGrpc.CompletionsImplBase() {
            @Override
            public void streamComplete(CompleteRequest request, StreamObserver<CompletionChunk> observer) {
                Flux<CompletionChunk> source = Flux.range(0, TOTAL)
                        .map(i -> CompletionChunk.newBuilder().setDelta(ChoiceDelta.newBuilder().setIndex(i)).build())
                        .doOnNext(c -> emitted.incrementAndGet())
                        .doOnCancel(sourceCancelled::countDown);
                StreamRelay.relay(source, observer);
            }
        }).build().start();
        channel = InProcessChannelBuilder.forName(name).build();
    }

    @AfterEach
    void stop() throws Exception {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }

    @Test
    void theClientsDemandBoundsTheSourceAndCancelReachesIt() throws Exception {
        AtomicReference<ClientCallStreamObserver<CompleteRequest>> call = new AtomicReference<>();
        AtomicInteger received = new AtomicInteger();
        CountDownLatch firstTwo = new CountDownLatch(2);
        CompletionsGrpc.newStub(channel).streamComplete(CompleteRequest.getDefaultInstance(),
                new ClientResponseObserver<CompleteRequest, CompletionChunk>() {
                    @Override
                    public void beforeStart(ClientCallStreamObserver<CompleteRequest> requestStream) {
                        requestStream.disableAutoRequestWithInitial(2);
                        call.set(requestStream);
                    }

                    @Override
                    public void onNext(CompletionChunk value) {
                        received.incrementAndGet();
                        firstTwo.countDown();
                    }

                    @Override
                    public void onError(Throwable t) {
                    }

                    @Override
                    public void onCompleted() {
                    }
                });

        assertThat(firstTwo.await(10, TimeUnit.SECONDS)).isTrue();
        Thread.sleep(200);
        assertThat(received.get()).isEqualTo(2);
        assertThat(emitted.get()).as("messages taken from the source").isLessThan(10);

        call.get().cancel("enough", null);

        assertThat(sourceCancelled.await(10, TimeUnit.SECONDS)).as("source cancelled").isTrue();
        assertThat(emitted.get()).isLessThan(TOTAL);
    }
}
