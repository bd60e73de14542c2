package dev.osprey.context.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.osprey.api.v1.AppendMessagesRequest;
import dev.osprey.api.v1.ContextGrpc;
import dev.osprey.api.v1.PlanChatRequest;
import dev.osprey.api.v1.PromptPlan;
import dev.osprey.testkit.LocalGrpc;
import io.grpc.ManagedChannel;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.grpc.server.lifecycle.GrpcServerLifecycle;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The real application on a random port, called over a real (Netty) channel. */
@Tag("slow")
@SpringBootTest(properties = "spring.grpc.server.port=0")
class ContextServerApplicationTest {
    @TempDir
    static Path dir;

    @DynamicPropertySource
    static void settings(DynamicPropertyRegistry registry) {
        registry.add("osprey.context.models[0].name", () -> TestModels.DEEPSEEK_CODER);
        registry.add("osprey.context.models[0].vocabulary", () -> TestModels.deepseekCoderGguf().toString());
        registry.add("osprey.context.models[0].context-length", () -> "16384");
        registry.add("osprey.context.sessions.dir", () -> dir.resolve("sessions").toString());
        registry.add("osprey.context.index-root", () -> dir.resolve("index").toString());
        registry.add("osprey.context.window-tiers.chat", () -> "2048,4096");
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
    void healthServiceReportsServing() {
        LocalGrpc.assertServing(channel, ContextGrpc.SERVICE_NAME);
    }

    @Test
    void plansAChatTurnFromAStoredSessionWithTheConfiguredTiers() {
        ContextGrpc.ContextBlockingStub context = ContextGrpc.newBlockingStub(channel).withDeadlineAfter(30, TimeUnit.SECONDS);
        context.appendMessages(AppendMessagesRequest.newBuilder().setSessionId("app")
                .addMessages(SessionRpcTest.message("user", "What does the lexer do?"))
                .addMessages(SessionRpcTest.message("assistant", "It turns characters into tokens."))
                .build());

        PromptPlan plan = context.planChat(PlanChatRequest.newBuilder().setSessionId("app")
                .addMessages(SessionRpcTest.message("user", "And the parser?")).setMaxOutputTokens(128).build());

        assertThat(plan.getWindow().getTotalTokens()).isEqualTo(2048);
        assertThat(plan.getTokenIdsCount()).isPositive().isLessThanOrEqualTo(plan.getWindow().getInputBudget());
    }
}
