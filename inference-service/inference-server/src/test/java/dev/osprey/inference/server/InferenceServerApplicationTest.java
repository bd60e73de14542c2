package dev.osprey.inference.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.osprey.api.v1.FinishReason;
import dev.osprey.api.v1.GenerateEvent;
import dev.osprey.api.v1.GenerateRequest;
import dev.osprey.api.v1.InferenceGrpc;
import dev.osprey.api.v1.ListModelsRequest;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.grpc.server.lifecycle.GrpcServerLifecycle;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The real application on a random port with stories260K, called over a real (Netty) channel. */
@SpringBootTest(properties = {"spring.grpc.server.port=0", "osprey.inference.kv-budget=8MB", "osprey.inference.threads=2"})
class InferenceServerApplicationTest {

    @DynamicPropertySource
    static void model(DynamicPropertyRegistry registry) {
        registry.add("osprey.inference.model-path", () -> InProcessInferenceServer.modelPath().toString());
    }

    @Autowired
    private GrpcServerLifecycle server;

    private ManagedChannel channel;

    @BeforeEach
    void connect() {
        assertThat(server.isRunning()).isTrue();
        channel = Grpc.newChannelBuilderForAddress("localhost", server.getPort(), InsecureChannelCredentials.create()).build();
    }

    @AfterEach
    void disconnect() throws InterruptedException {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }

    @Test
    void healthReportsServingOnceTheEngineRuns() {
        HealthGrpc.HealthBlockingStub health = HealthGrpc.newBlockingStub(channel).withDeadlineAfter(30, TimeUnit.SECONDS);

        assertThat(health.check(HealthCheckRequest.getDefaultInstance()).getStatus()).isEqualTo(ServingStatus.SERVING);
        assertThat(health.check(HealthCheckRequest.newBuilder().setService(InferenceGrpc.SERVICE_NAME).build()).getStatus())
                .isEqualTo(ServingStatus.SERVING);
    }

    @Test
    void generatesAndListsTheModelNamedAfterItsFile() {
        InferenceGrpc.InferenceBlockingStub inference = InferenceGrpc.newBlockingStub(channel)
                .withDeadlineAfter(30, TimeUnit.SECONDS);

        assertThat(inference.listModels(ListModelsRequest.getDefaultInstance()).getModels(0).getName())
                .isEqualTo("stories260K");
        List<GenerateEvent> events = new ArrayList<>();
        inference.generate(GenerateRequest.newBuilder().setText("Once upon a time").setTemperature(0).setMaxTokens(8)
                .setIgnoreEos(true).build()).forEachRemaining(events::add);
        assertThat(events).hasSize(9);
        assertThat(events.getLast().getFinal().getFinishReason()).isEqualTo(FinishReason.LENGTH);
    }
}
