package dev.osprey.inference.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.osprey.api.v1.FinishReason;
import dev.osprey.api.v1.GenerateEvent;
import dev.osprey.api.v1.GenerateRequest;
import dev.osprey.api.v1.InferenceGrpc;
import dev.osprey.api.v1.ListModelsRequest;
import dev.osprey.testkit.LocalGrpc;
import io.grpc.ManagedChannel;
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
        channel = LocalGrpc.channel(server.getPort());
    }

    @AfterEach
    void disconnect() throws InterruptedException {
        LocalGrpc.close(channel);
    }

    @Test
    void healthReportsServingOnceTheEngineRuns() {
        LocalGrpc.assertServing(channel, InferenceGrpc.SERVICE_NAME);
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
