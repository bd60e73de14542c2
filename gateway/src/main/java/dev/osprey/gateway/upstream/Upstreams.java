package dev.osprey.gateway.upstream;

import io.grpc.ManagedChannel;
import java.util.concurrent.TimeUnit;

/** Channels to the three internal services; closing shuts them down. */
public record Upstreams(ManagedChannel tokenizer, ManagedChannel context, ManagedChannel inference)
        implements AutoCloseable {

    @Override
    public void close() throws InterruptedException {
        for (ManagedChannel channel : new ManagedChannel[] {tokenizer, context, inference}) {
            channel.shutdownNow();
        }
        for (ManagedChannel channel : new ManagedChannel[] {tokenizer, context, inference}) {
            channel.awaitTermination(5, TimeUnit.SECONDS);
        }
    }
}
