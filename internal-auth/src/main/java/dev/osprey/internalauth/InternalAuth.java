package dev.osprey.internalauth;

import io.grpc.ClientInterceptor;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import java.util.List;
import java.util.Optional;

/**
 * One service's internal authentication: checks incoming calls when a token is configured (without one
 * the listener policy has already required loopback or mutual TLS), and attaches the token to the
 * service's own calls to other internal services.
 */
public final class InternalAuth implements ServerInterceptor {
    private final Optional<ServiceToken> token;
    private final Optional<ServiceTokenServerInterceptor> check;

    public InternalAuth(Optional<ServiceToken> token) {
        this.token = token;
        this.check = token.map(ServiceTokenServerInterceptor::new);
    }

    /** Checks the listener against {@link ListenerPolicy} and builds the service's authentication. */
    public static InternalAuth forListener(String service, InternalAuthProperties properties) {
        ListenerPolicy.check(service, properties.address(), properties.port(), properties.token().isPresent(),
                properties.mutualTls());
        return new InternalAuth(properties.token());
    }

    /** Interceptors for a channel to another internal service: the token's, or none. */
    public List<ClientInterceptor> clientInterceptors() {
        return token.<List<ClientInterceptor>>map(t -> List.of(new ServiceTokenClientInterceptor(t))).orElse(List.of());
    }

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
                                                       ServerCallHandler<Q, R> next) {
        return check.isPresent() ? check.get().interceptCall(call, headers, next) : next.startCall(call, headers);
    }
}
