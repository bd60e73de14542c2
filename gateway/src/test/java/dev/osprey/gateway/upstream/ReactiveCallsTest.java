package dev.osprey.gateway.upstream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.osprey.api.v1.GenerateEvent;
import dev.osprey.api.v1.GenerateRequest;
import dev.osprey.api.v1.InferenceGrpc;
import dev.osprey.api.v1.TokenEvent;
import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;

class ReactiveCallsTest {
    private final CountDownLatch serverCancelled = new CountDownLatch(1);
    private Server server;
    private ManagedChannel channel;

    /** By request id: "count:N" streams N tokens; "hang" sends one and waits; "busy" fails with a retry hint. */
    private final class FakeInference extends InferenceGrpc.InferenceImplBase {
        @Override
        public void generate(GenerateRequest request, StreamObserver<GenerateEvent> out) {
            ServerCallStreamObserver<GenerateEvent> call = (ServerCallStreamObserver<GenerateEvent>) out;
            call.setOnCancelHandler(serverCancelled::countDown);
            String id = request.getRequestId();
            if (id.startsWith("count:")) {
                int n = Integer.parseInt(id.substring("count:".length()));
                for (int i = 0; i < n; i++) {
                    out.onNext(token(i));
                }
                out.onCompleted();
            } else if (id.equals("hang")) {
                out.onNext(token(0));
            } else {
                Metadata trailers = new Metadata();
                trailers.put(UpstreamErrors.RETRY_AFTER_MS, "1500");
                out.onError(Status.RESOURCE_EXHAUSTED.withDescription("queue full").asRuntimeException(trailers));
            }
        }
    }

    private static GenerateEvent token(int id) {
        return GenerateEvent.newBuilder().setToken(TokenEvent.newBuilder().setId(id).setText("t" + id)).build();
    }

    private Flux<GenerateEvent> generate(String requestId) {
        return ReactiveCalls.serverStreaming(channel, InferenceGrpc.getGenerateMethod(),
                GenerateRequest.newBuilder().setRequestId(requestId).build(), CallOptions.DEFAULT);
    }

    @BeforeEach
    void start() throws IOException {
        String name = InProcessServerBuilder.generateName();
        server = InProcessServerBuilder.forName(name).addService(new FakeInference()).build().start();
        channel = InProcessChannelBuilder.forName(name).build();
    }

    @AfterEach
    void stop() throws InterruptedException {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }

    @Test
    void streamsEveryMessageInOrder() {
        List<Integer> ids = generate("count:50").map(e -> e.getToken().getId()).collectList()
                .block(Duration.ofSeconds(10));
        assertThat(ids).hasSize(50).isSorted().startsWith(0, 1, 2).endsWith(49);
    }

    @Test
    void boundedDemandStillReceivesEverything() {
        List<Integer> ids = generate("count:20").limitRate(3).map(e -> e.getToken().getId()).collectList()
                .block(Duration.ofSeconds(10));
        assertThat(ids).hasSize(20).isSorted();
    }

    @Test
    void unaryTakesTheSingleMessage() {
        GenerateEvent only = ReactiveCalls.unary(channel, InferenceGrpc.getGenerateMethod(),
                GenerateRequest.newBuilder().setRequestId("count:1").build(), CallOptions.DEFAULT)
                .block(Duration.ofSeconds(10));
        assertThat(only).isEqualTo(token(0));
    }

    @Test
    void cancellingTheSubscriptionCancelsTheServerCall() throws InterruptedException {
        CountDownLatch received = new CountDownLatch(1);
        List<GenerateEvent> events = new CopyOnWriteArrayList<>();
        Disposable subscription = generate("hang").subscribe(e -> {
            events.add(e);
            received.countDown();
        });
        assertThat(received.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(serverCancelled.getCount()).isOne();
        subscription.dispose();
        assertThat(serverCancelled.await(10, TimeUnit.SECONDS)).as("the server saw the call cancelled").isTrue();
        assertThat(events).containsExactly(token(0));
    }

    @Test
    void aNonOkStatusErrorsWithItsTrailers() {
        StatusRuntimeException e = catchThrowableOfType(StatusRuntimeException.class,
                () -> generate("busy").blockLast(Duration.ofSeconds(10)));
        assertThat(e).isNotNull();
        assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
        assertThat(e.getStatus().getDescription()).isEqualTo("queue full");
        assertThat(e.getTrailers().get(UpstreamErrors.RETRY_AFTER_MS)).isEqualTo("1500");
        assertThat(UpstreamErrors.toApi(e, UpstreamService.INFERENCE).retryAfter())
                .contains(Duration.ofMillis(1500));
        assertThat(serverCancelled.getCount()).isOne();
    }
}
