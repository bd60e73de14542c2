package dev.osprey.tokenizer.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.osprey.api.v1.DescribeRequest;
import dev.osprey.api.v1.EncodeRequest;
import dev.osprey.api.v1.TextInput;
import dev.osprey.api.v1.TokenizerGrpc;
import dev.osprey.testkit.LocalGrpc;
import io.grpc.ManagedChannel;
import io.grpc.reflection.v1.ServerReflectionGrpc;
import io.grpc.reflection.v1.ServerReflectionRequest;
import io.grpc.reflection.v1.ServerReflectionResponse;
import io.grpc.reflection.v1.ServiceResponse;
import io.grpc.stub.StreamObserver;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.grpc.server.lifecycle.GrpcServerLifecycle;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The real application on a random port, called over a real (Netty) channel. */
@Tag("slow")
@SpringBootTest(properties = "spring.grpc.server.port=0")
class TokenizerServerApplicationTest {

    @DynamicPropertySource
    static void models(DynamicPropertyRegistry registry) {
        registry.add("osprey.tokenizer.models.coder", () -> TestModels.deepseekCoderGguf().toString());
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
    void encodesWithTheConfiguredModel() {
        TokenizerGrpc.TokenizerBlockingStub tokenizer = TokenizerGrpc.newBlockingStub(channel)
                .withDeadlineAfter(30, TimeUnit.SECONDS);

        // llama.cpp's ggml-vocab-deepseek-coder.gguf.out, line 17
        var response = tokenizer.encode(EncodeRequest.newBuilder()
                .setInput(TextInput.newBuilder().setText(" Hello, world!")).build());

        assertThat(response.getIdsList()).containsExactly(414, 9489, 11, 1835, 0);
        assertThat(tokenizer.describe(DescribeRequest.getDefaultInstance()).getModel()).isEqualTo("coder");
    }

    @Test
    void healthServiceReportsServing() {
        LocalGrpc.assertServing(channel, TokenizerGrpc.SERVICE_NAME);
    }

    @Test
    void reflectionListsTheTokenizerService() throws Exception {
        CompletableFuture<List<String>> services = new CompletableFuture<>();
        StreamObserver<ServerReflectionRequest> requests = ServerReflectionGrpc.newStub(channel)
                .withDeadlineAfter(30, TimeUnit.SECONDS)
                .serverReflectionInfo(new StreamObserver<>() {
                    @Override
                    public void onNext(ServerReflectionResponse response) {
                        services.complete(response.getListServicesResponse().getServiceList().stream()
                                .map(ServiceResponse::getName).toList());
                    }

                    @Override
                    public void onError(Throwable t) {
                        services.completeExceptionally(t);
                    }

                    @Override
                    public void onCompleted() {
                        services.complete(List.of());
                    }
                });
        requests.onNext(ServerReflectionRequest.newBuilder().setListServices("").build());
        requests.onCompleted();

        assertThat(services.get(30, TimeUnit.SECONDS)).contains(TokenizerGrpc.SERVICE_NAME, "grpc.health.v1.Health");
    }
}
