package dev.osprey.testkit;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServiceDescriptor;
import io.grpc.Status;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Calls every method of a gRPC service with one empty message (valid for every protobuf request type)
 * and reports the status each call ended with: how a test proves that a guard covers a whole service,
 * including methods added later.
 */
public final class EveryMethodProbe {
    private EveryMethodProbe() {
    }

    /** Method full name → the status its call closed with, in the descriptor's order. */
    public static Map<String, Status> call(Channel channel, ServiceDescriptor service) {
        Map<String, Status> statuses = new LinkedHashMap<>();
        for (MethodDescriptor<?, ?> method : service.getMethods()) {
            statuses.put(method.getFullMethodName(), call(channel, method));
        }
        return statuses;
    }

    private static Status call(Channel channel, MethodDescriptor<?, ?> method) {
        MethodDescriptor<byte[], byte[]> raw = method.toBuilder(RAW, RAW).build();
        ClientCall<byte[], byte[]> call = channel.newCall(raw, CallOptions.DEFAULT.withDeadlineAfter(30, TimeUnit.SECONDS));
        CompletableFuture<Status> closed = new CompletableFuture<>();
        call.start(new ClientCall.Listener<>() {
            @Override
            public void onClose(Status status, Metadata trailers) {
                closed.complete(status);
            }
        }, new Metadata());
        call.request(Integer.MAX_VALUE);
        call.sendMessage(new byte[0]);
        call.halfClose();
        return closed.join();
    }

    private static final MethodDescriptor.Marshaller<byte[]> RAW = new MethodDescriptor.Marshaller<>() {
        @Override
        public InputStream stream(byte[] value) {
            return new ByteArrayInputStream(value);
        }

        @Override
        public byte[] parse(InputStream stream) {
            try {
                return stream.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    };
}
