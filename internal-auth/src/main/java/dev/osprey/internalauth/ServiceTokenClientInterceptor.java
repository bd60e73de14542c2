package dev.osprey.internalauth;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ForwardingClientCall;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;

/** Attaches the service token to every call on a channel to an internal service. */
public final class ServiceTokenClientInterceptor implements ClientInterceptor {
    private final ServiceToken token;

    public ServiceTokenClientInterceptor(ServiceToken token) {
        this.token = token;
    }

    @Override
    public <Q, R> ClientCall<Q, R> interceptCall(MethodDescriptor<Q, R> method, CallOptions options, Channel next) {
        return new ForwardingClientCall.SimpleForwardingClientCall<>(next.newCall(method, options)) {
            @Override
            public void start(Listener<R> listener, Metadata headers) {
                headers.put(ServiceTokenMetadata.KEY, token.secret());
                super.start(listener, headers);
            }
        };
    }
}
