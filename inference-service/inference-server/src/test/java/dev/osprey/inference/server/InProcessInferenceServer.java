package dev.osprey.inference.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.osprey.api.v1.FinalEvent;
import dev.osprey.api.v1.GenerateEvent;
import dev.osprey.api.v1.GenerateRequest;
import dev.osprey.api.v1.InferenceGrpc;
import dev.osprey.api.v1.TokenIds;
import dev.osprey.engine.EngineOptions;
import dev.osprey.engine.serve.EngineConfig;
import dev.osprey.engine.serve.InferenceEngine;
import dev.osprey.testkit.ReferenceFiles;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * An {@link InferenceGrpcService} on karpathy's stories260K (512-token vocabulary, context 512) behind an
 * in-process gRPC server, with its engine and meter registry exposed for assertions.
 */
final class InProcessInferenceServer implements AutoCloseable {
    static final String MODEL_NAME = "stories260K";

    private final ServedModel served;
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final Server server;
    private final ManagedChannel channel;

    InProcessInferenceServer(EngineConfig config) {
        served = ServedModel.start(MODEL_NAME, modelPath(), EngineOptions.defaults().withThreads(2), config);
        String name = InProcessServerBuilder.generateName();
        try {
            server = InProcessServerBuilder.forName(name)
                    .addService(new InferenceGrpcService(served, new InferenceMetrics(registry, MODEL_NAME, served.engine())))
                    .build()
                    .start();
        } catch (IOException e) {
            served.close();
            throw new UncheckedIOException(e);
        }
        channel = InProcessChannelBuilder.forName(name).build();
    }

    InProcessInferenceServer() {
        this(EngineConfig.defaults().withKvBudgetBytes(16L << 20));
    }

    static Path modelPath() {
        return ReferenceFiles.path("models/stories260K.gguf");
    }

    InferenceGrpc.InferenceBlockingStub stub() {
        return InferenceGrpc.newBlockingStub(channel).withDeadlineAfter(60, TimeUnit.SECONDS);
    }

    InferenceGrpc.InferenceStub asyncStub() {
        return InferenceGrpc.newStub(channel).withDeadlineAfter(60, TimeUnit.SECONDS);
    }

    InferenceEngine engine() {
        return served.engine();
    }

    ServedModel served() {
        return served;
    }

    SimpleMeterRegistry registry() {
        return registry;
    }

    /** A whole stream's tokens and its final event. */
    record Generation(List<Integer> ids, String text, FinalEvent end) {
    }

    /** Runs {@code request} to its end on a blocking stub. */
    Generation generate(GenerateRequest request) {
        return collect(stub().generate(request));
    }

    static Generation collect(Iterator<GenerateEvent> events) {
        List<Integer> ids = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        FinalEvent end = null;
        while (events.hasNext()) {
            GenerateEvent event = events.next();
            assertThat(end).as("no event after the final one").isNull();
            if (event.hasToken()) {
                ids.add(event.getToken().getId());
                text.append(event.getToken().getText());
            } else {
                end = event.getFinal();
            }
        }
        assertThat(end).as("final event").isNotNull();
        return new Generation(List.copyOf(ids), text + end.getTrailingText(), end);
    }

    static GenerateRequest.Builder greedy(String text, int maxTokens) {
        return GenerateRequest.newBuilder().setText(text).setTemperature(0).setMaxTokens(maxTokens);
    }

    static GenerateRequest.Builder greedy(int[] ids, int maxTokens) {
        TokenIds.Builder tokens = TokenIds.newBuilder();
        for (int id : ids) {
            tokens.addIds(id);
        }
        return GenerateRequest.newBuilder().setTokenIds(tokens).setTemperature(0).setMaxTokens(maxTokens);
    }

    /** Polls {@code condition} every millisecond until it holds or {@code timeout} passes. */
    static boolean await(BooleanSupplier condition, Duration timeout) {
        long end = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < end) {
            if (condition.getAsBoolean()) {
                return true;
            }
            try {
                Thread.sleep(1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return condition.getAsBoolean();
    }

    @Override
    public void close() {
        channel.shutdownNow();
        server.shutdownNow();
        try {
            channel.awaitTermination(5, TimeUnit.SECONDS);
            server.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            served.close();
        }
    }
}
