package dev.osprey.gateway.grpc;

import dev.osprey.gateway.access.ApiKey;
import dev.osprey.gateway.access.AuthResult;
import dev.osprey.gateway.access.KeyRegistry;
import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import java.util.Optional;

/**
 * Authenticates calls by their {@code authorization: Bearer <key>} metadata when keys are configured,
 * with the REST gateway's 401 messages as UNAUTHENTICATED descriptions. The caller's key is put into
 * the call's {@link Context}, where {@link #caller()} finds it. Without keys every call passes as
 * anonymous (the access policy allows that only on a loopback address).
 */
public final class AccessInterceptor implements ServerInterceptor {
    static final Metadata.Key<String> AUTHORIZATION = Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);
    private static final Context.Key<ApiKey> CALLER = Context.key("osprey-api-key");

    private final KeyRegistry keys;

    public AccessInterceptor(KeyRegistry keys) {
        this.keys = keys;
    }

    /** The authenticated key of the current call; empty when the gateway runs without keys. */
    static Optional<ApiKey> caller() {
        return Optional.ofNullable(CALLER.get());
    }

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
                                                       ServerCallHandler<Q, R> next) {
        if (!keys.hasKeys()) {
            return next.startCall(call, headers);
        }
        return switch (keys.authenticate(headers.get(AUTHORIZATION))) {
            case AuthResult.Authenticated ok ->
                    Contexts.interceptCall(Context.current().withValue(CALLER, ok.key()), call, headers, next);
            case AuthResult.MissingHeader missing -> refuse(call, missing.message());
            case AuthResult.MalformedHeader malformed -> refuse(call, malformed.message());
            case AuthResult.UnknownKey unknown -> refuse(call, unknown.message());
        };
    }

    private static <Q, R> ServerCall.Listener<Q> refuse(ServerCall<Q, R> call, String message) {
        call.close(Status.UNAUTHENTICATED.withDescription(message), new Metadata());
        return new ServerCall.Listener<>() {};
    }
}
