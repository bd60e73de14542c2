package dev.osprey.gateway.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.osprey.api.v1.CompletionsGrpc;
import dev.osprey.api.v1.ListCompletionModelsRequest;
import dev.osprey.gateway.batch.InMemoryBatchQueueConfiguration;
import dev.osprey.testkit.GrpcAssertions;
import dev.osprey.testkit.LocalGrpc;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.grpc.server.lifecycle.GrpcServerLifecycle;

/**
 * The gateway application's gRPC server: Completions is registered behind the access interceptor,
 * and the standard health service (which stays open) reports it SERVING.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE, properties = {
        "spring.grpc.server.port=0",
        "osprey.gateway.batch.dir=${java.io.tmpdir}/osprey-gateway-test-batches",
        "osprey.gateway.api-keys[0].name=alice",
        "osprey.gateway.api-keys[0].key=sk-alice-0123456789abcdef"})
@Import(InMemoryBatchQueueConfiguration.class)
class GrpcCompletionsApplicationTest {

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
    void healthReportsCompletionsServingWithoutAKey() {
        LocalGrpc.assertServing(channel, CompletionsGrpc.SERVICE_NAME);
    }

    @Test
    void completionsAsksForAKey() {
        var stub = CompletionsGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS);

        assertThat(GrpcAssertions.failsWith(Status.Code.UNAUTHENTICATED,
                () -> stub.listModels(ListCompletionModelsRequest.getDefaultInstance())))
                .startsWith("You didn't provide an API key.");
    }
}
