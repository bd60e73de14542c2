package dev.osprey.internalauth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.osprey.api.v1.InferenceGrpc;
import dev.osprey.api.v1.ListModelsRequest;
import dev.osprey.api.v1.ListModelsResponse;
import dev.osprey.testkit.EveryMethodProbe;
import dev.osprey.testkit.GrpcAssertions;
import dev.osprey.testkit.LocalGrpc;
import io.grpc.ClientInterceptors;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.stub.StreamObserver;
import java.net.ServerSocket;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.springframework.boot.Banner;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/** A real Spring gRPC server on a TCP port with the internal authentication imported, as the services have it. */
class InternalAuthConfigurationTest {
    private static final String TOKEN = "test-service-token-0123456789";

    @Configuration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    @Import(InternalAuthConfiguration.class)
    static class Service {
        @Bean
        InferenceGrpc.InferenceImplBase inference() {
            return new InferenceGrpc.InferenceImplBase() {
                @Override
                public void listModels(ListModelsRequest request, StreamObserver<ListModelsResponse> response) {
                    response.onNext(ListModelsResponse.getDefaultInstance());
                    response.onCompleted();
                }
            };
        }
    }

    private static ConfigurableApplicationContext start(int port, String... properties) {
        return new SpringApplicationBuilder(Service.class)
                .web(WebApplicationType.NONE)
                .bannerMode(Banner.Mode.OFF)
                .properties("spring.application.name=osprey-test-service", "spring.grpc.server.port=" + port,
                        "spring.config.name=none")
                .properties(properties)
                .run();
    }

    @Test
    void everyInterfaceWithoutATokenRefusesToStart() throws Exception {
        int port = freePort();
        assertThatThrownBy(() -> start(port, "spring.grpc.server.address=0.0.0.0"))
                .hasRootCauseInstanceOf(InsecureListenerException.class)
                .rootCause().hasMessageStartingWith("osprey-test-service refuses to listen on every interface");
        // Nothing listens: the refusal came before the server bound its port.
        try (ServerSocket again = new ServerSocket(port)) {
            assertThat(again.getLocalPort()).isEqualTo(port);
        }
    }

    @Test
    void withATokenEveryRpcButHealthNeedsIt() throws Exception {
        int port = freePort();
        try (ConfigurableApplicationContext ignored = start(port, "spring.grpc.server.address=0.0.0.0",
                "osprey.internal.service-token=" + TOKEN)) {
            ManagedChannel channel = LocalGrpc.channel(port);
            try {
                assertThat(EveryMethodProbe.call(channel, InferenceGrpc.getServiceDescriptor()))
                        .isNotEmpty()
                        .allSatisfy((method, status) -> {
                            assertThat(status.getCode()).as(method).isEqualTo(Status.Code.UNAUTHENTICATED);
                            assertThat(status.getDescription()).contains("without a service token");
                        });
                var wrong = ClientInterceptors.intercept(channel,
                        new ServiceTokenClientInterceptor(ServiceToken.of("wrong-token-0123456789", "test")));
                assertThat(GrpcAssertions.failsWith(Status.Code.UNAUTHENTICATED,
                        () -> InferenceGrpc.newBlockingStub(wrong).listModels(ListModelsRequest.getDefaultInstance())))
                        .contains("wrong service token");
                var right = ClientInterceptors.intercept(channel,
                        new InternalAuth(Optional.of(ServiceToken.of(TOKEN, "test"))).clientInterceptors());
                assertThat(InferenceGrpc.newBlockingStub(right).listModels(ListModelsRequest.getDefaultInstance()))
                        .isEqualTo(ListModelsResponse.getDefaultInstance());
                assertThat(HealthGrpc.newBlockingStub(channel).check(HealthCheckRequest.getDefaultInstance()).getStatus())
                        .isNotNull();
            } finally {
                LocalGrpc.close(channel);
            }
        }
    }

    @Test
    void loopbackWithoutATokenServesAsBefore() throws Exception {
        int port = freePort();
        try (ConfigurableApplicationContext ignored = start(port, "spring.grpc.server.address=127.0.0.1")) {
            ManagedChannel channel = LocalGrpc.channel(port);
            try {
                assertThat(InferenceGrpc.newBlockingStub(channel).listModels(ListModelsRequest.getDefaultInstance()))
                        .isEqualTo(ListModelsResponse.getDefaultInstance());
            } finally {
                LocalGrpc.close(channel);
            }
        }
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
