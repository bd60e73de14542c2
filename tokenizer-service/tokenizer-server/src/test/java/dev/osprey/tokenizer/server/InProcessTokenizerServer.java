package dev.osprey.tokenizer.server;

import dev.osprey.api.v1.TokenizerGrpc;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.TimeUnit;

/** A {@link TokenizerGrpcService} behind an in-process gRPC server and a blocking client stub. */
final class InProcessTokenizerServer implements AutoCloseable {
    static final RequestLimits DEFAULT_LIMITS = new RequestLimits(8L << 20, 1 << 20);

    private final Server server;
    private final ManagedChannel channel;

    InProcessTokenizerServer(ModelRegistry models, RequestLimits limits) {
        String name = InProcessServerBuilder.generateName();
        try {
            server = InProcessServerBuilder.forName(name)
                    .directExecutor()
                    .addService(new TokenizerGrpcService(models, limits))
                    .build()
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        channel = InProcessChannelBuilder.forName(name).directExecutor().build();
    }

    static InProcessTokenizerServer withReferenceModels() {
        return new InProcessTokenizerServer(TestModels.registry(), DEFAULT_LIMITS);
    }

    TokenizerGrpc.TokenizerBlockingStub stub() {
        return TokenizerGrpc.newBlockingStub(channel);
    }

    @Override
    public void close() {
        channel.shutdownNow();
        server.shutdownNow();
        try {
            channel.awaitTermination(5, TimeUnit.SECONDS);
            server.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
