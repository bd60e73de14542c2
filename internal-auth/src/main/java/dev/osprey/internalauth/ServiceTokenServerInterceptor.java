package dev.osprey.internalauth;

import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import java.util.Set;

/**
 * Refuses every call that does not carry the service token with {@code UNAUTHENTICATED}, before the
 * service sees it. Health checks and server reflection are the only exceptions (orchestrators probe
 * health without secrets; reflection reveals only the public contract).
 */
public final class ServiceTokenServerInterceptor implements ServerInterceptor {
    /** gRPC services reachable without the token. */
    public static final Set<String> EXEMPT_SERVICES = Set.of(
            "grpc.health.v1.Health",
            "grpc.reflection.v1.ServerReflection",
            "grpc.reflection.v1alpha.ServerReflection");

    private final ServiceToken token;

    public ServiceTokenServerInterceptor(ServiceToken token) {
        this.token = token;
    }

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
                                                       ServerCallHandler<Q, R> next) {
        if (EXEMPT_SERVICES.contains(call.getMethodDescriptor().getServiceName())) {
            return next.startCall(call, headers);
        }
        String presented = headers.get(ServiceTokenMetadata.KEY);
        if (presented == null) {
            return refuse(call, "internal call without a service token: send the '" + ServiceTokenMetadata.NAME
                    + "' metadata (configure " + InternalAuthProperties.TOKEN + " on the caller)");
        }
        if (!token.matches(presented)) {
            return refuse(call, "internal call with a wrong service token ('" + ServiceTokenMetadata.NAME + "')");
        }
        return next.startCall(call, headers);
    }

    private static <Q, R> ServerCall.Listener<Q> refuse(ServerCall<Q, R> call, String message) {
        call.close(Status.UNAUTHENTICATED.withDescription(message), new Metadata());
        return new ServerCall.Listener<>() {};
    }
}
