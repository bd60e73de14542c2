package dev.osprey.context.server;

import dev.osprey.api.v1.FinalEvent;
import dev.osprey.api.v1.FinishReason;
import dev.osprey.api.v1.GenerateEvent;
import dev.osprey.api.v1.GenerateRequest;
import dev.osprey.api.v1.InferenceGrpc;
import dev.osprey.api.v1.TokenEvent;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/** An in-process Inference service that answers every Generate with a fixed summary, counting the calls. */
final class FakeInference extends InferenceGrpc.InferenceImplBase implements AutoCloseable {
    static final String SUMMARY = "The user is refactoring the parser; they agreed to keep the Lexer API.";

    final List<GenerateRequest> requests = new CopyOnWriteArrayList<>();
    final AtomicBoolean failing = new AtomicBoolean();
    private final Server server;
    private final ManagedChannel channel;

    FakeInference() {
        String name = InProcessServerBuilder.generateName();
        try {
            server = InProcessServerBuilder.forName(name).directExecutor().addService(this).build().start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        channel = InProcessChannelBuilder.forName(name).directExecutor().build();
    }

    ManagedChannel channel() {
        return channel;
    }

    @Override
    public void generate(GenerateRequest request, StreamObserver<GenerateEvent> events) {
        requests.add(request);
        if (failing.get()) {
            events.onError(Status.UNAVAILABLE.withDescription("engine down").asRuntimeException());
            return;
        }
        String[] words = SUMMARY.split("(?<= )");
        for (int i = 0; i < words.length; i++) {
            events.onNext(GenerateEvent.newBuilder().setToken(TokenEvent.newBuilder().setId(i).setText(words[i])).build());
        }
        events.onNext(GenerateEvent.newBuilder().setFinal(FinalEvent.newBuilder().setFinishReason(FinishReason.STOP)).build());
        events.onCompleted();
    }

    @Override
    public void close() throws InterruptedException {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
}
