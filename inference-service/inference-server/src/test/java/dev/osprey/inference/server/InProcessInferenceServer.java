package dev.osprey.inference.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.osprey.api.v1.FinalEvent;
import dev.osprey.api.v1.GenerateEvent;
import dev.osprey.api.v1.GenerateRequest;
import dev.osprey.api.v1.InferenceGrpc;
import dev.osprey.api.v1.TokenIds;
import dev.osprey.engine.EngineOptions;
import dev.osprey.engine.Model;
import dev.osprey.engine.serve.ForwardPass;
import dev.osprey.engine.serve.EngineConfig;
import dev.osprey.engine.serve.InferenceEngine;
import dev.osprey.testkit.ReferenceFiles;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.protobuf.services.HealthStatusManager;
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
import java.util.function.Function;

/**
 * An {@link InferenceGrpcService} on karpathy's stories260K (512-token vocabulary, context 512) behind an
 * in-process gRPC server, with its engine and meter registry exposed for assertions.
 */
final class InProcessInferenceServer implements AutoCloseable {
    static final String MODEL_NAME = "stories260K";

    private final ServedModel served;
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final HealthStatusManager health = new HealthStatusManager();
    private final Server server;
    private final ManagedChannel channel;

    /** Serves {@code served} (closed with this server), with its health reported as the application does. */
    InProcessInferenceServer(ServedModel served, StreamLimits limits) {
        this.served = served;
        String name = InProcessServerBuilder.generateName();
        try {
            server = InProcessServerBuilder.forName(name)
                    .addService(new InferenceGrpcService(served, new InferenceMetrics(registry, MODEL_NAME, served.engine()),
                            limits))
                    .addService(health.getHealthService())
                    .build()
                    .start();
        } catch (IOException e) {
            served.close();
            throw new UncheckedIOException(e);
        }
        EngineHealth.report(served.engine(), health);
        channel = InProcessChannelBuilder.forName(name).build();
    }

    InProcessInferenceServer(EngineConfig config) {
        this(ServedModel.start(MODEL_NAME, modelPath(), EngineOptions.defaults().withThreads(2), config), StreamLimits.DEFAULTS);
    }

    InProcessInferenceServer() {
        this(defaultConfig());
    }

    static EngineConfig defaultConfig() {
        return EngineConfig.defaults().withKvBudgetBytes(16L << 20);
    }

    /** stories260K on an engine whose forward passes run through {@code forwardPass(model)}. */
    static ServedModel servedWith(EngineConfig config, Function<Model, ForwardPass> forwardPass) {
        Model model = Model.load(modelPath(), EngineOptions.defaults().withThreads(2));
        return new ServedModel(MODEL_NAME, model, InferenceEngine.start(model, config, forwardPass.apply(model)));
    }

    ManagedChannel channel() {
        return channel;
    }

    /** The health service's answer for {@code service} ("" for the whole server). */
    ServingStatus health(String service) {
        return HealthGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS)
                .check(HealthCheckRequest.newBuilder().setService(service).build()).getStatus();
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
