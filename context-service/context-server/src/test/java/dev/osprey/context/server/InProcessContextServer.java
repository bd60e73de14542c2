package dev.osprey.context.server;

import dev.osprey.api.v1.ContextGrpc;
import dev.osprey.context.session.JdbcSessionStore;
import dev.osprey.context.session.SessionDatabase;
import dev.osprey.context.session.SessionStore;
import dev.osprey.context.window.WindowPolicy;
import dev.osprey.context.window.WindowTiers;
import io.grpc.Channel;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * A {@link ContextGrpcService} behind an in-process gRPC server and a blocking client stub, with an H2
 * session store in a directory and the test kit's vocabularies.
 */
final class InProcessContextServer implements AutoCloseable {
    private final SessionStore store;
    private final RepositoryService repositories;
    private final io.micrometer.core.instrument.simple.SimpleMeterRegistry registry =
            new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
    private final ContextMetrics metrics = new ContextMetrics(registry);
    private final Server server;
    private final ManagedChannel channel;

    private InProcessContextServer(Path sessionDir, List<ModelVocabulary> vocabularies, @Nullable Channel inference,
                                   RepositoryService repositories, RequestLimits limits) {
        store = JdbcSessionStore.open(SessionDatabase.h2File(sessionDir), Duration.ofHours(24));
        this.repositories = repositories;
        WindowPolicy policy = new WindowPolicy(WindowTiers.defaults());
        ServedModel.SummarizerFactory summarizers = inference == null ? ServedModel.SummarizerFactory.NONE
                : (tokenizer, template) -> new InferenceSummarizer(inference, tokenizer, template, Duration.ofSeconds(5));
        ModelRegistry models = new ModelRegistry(vocabularies.stream()
                .map(v -> new ServedModel(v, policy, store, summarizers)).toList());
        String name = InProcessServerBuilder.generateName();
        try {
            server = InProcessServerBuilder.forName(name)
                    .directExecutor()
                    .addService(new ContextGrpcService(models, store, repositories, limits, metrics))
                    .build()
                    .start();
        } catch (IOException e) {
            store.close();
            throw new UncheckedIOException(e);
        }
        channel = InProcessChannelBuilder.forName(name).directExecutor().build();
    }

    /** The test models, no inference (extractive compaction), no repository index. */
    static InProcessContextServer start(Path sessionDir) {
        return new InProcessContextServer(sessionDir, TestModels.all(), null, indexes(sessionDir),
                RequestLimits.defaults());
    }

    /** The test models, summaries through {@code inference}. */
    static InProcessContextServer withInference(Path sessionDir, Channel inference) {
        return new InProcessContextServer(sessionDir, TestModels.all(), inference, indexes(sessionDir),
                RequestLimits.defaults());
    }

    static InProcessContextServer withRepositories(Path sessionDir, RepositoryService repositories,
                                                   RequestLimits limits) {
        return new InProcessContextServer(sessionDir, TestModels.all(), null, repositories, limits);
    }

    static InProcessContextServer withoutModels(Path sessionDir) {
        return new InProcessContextServer(sessionDir, List.of(), null, indexes(sessionDir),
                RequestLimits.defaults());
    }

    /** BM25-only indexes beside the sessions; IndexDirectory may read under {@code roots} within {@code limits}. */
    static InProcessContextServer withAllowedRoots(Path sessionDir, List<Path> roots,
                                                   dev.osprey.context.index.IndexingLimits limits) {
        return new InProcessContextServer(sessionDir, TestModels.all(), null, new IndexedRepositoryService(
                sessionDir.resolve("index"), dev.osprey.context.index.IndexOptions.defaults(),
                new dev.osprey.context.walk.AllowedRoots(roots), limits), RequestLimits.defaults());
    }

    /** BM25-only indexes beside the sessions. */
    static RepositoryService indexes(Path dir) {
        return new IndexedRepositoryService(dir.resolve("index"), dev.osprey.context.index.IndexOptions.defaults());
    }

    ContextGrpc.ContextBlockingStub stub() {
        return ContextGrpc.newBlockingStub(channel);
    }

    ContextGrpc.ContextStub asyncStub() {
        return ContextGrpc.newStub(channel);
    }

    SessionStore store() {
        return store;
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
        } finally {
            store.close();
            if (repositories instanceof AutoCloseable closeable) {
                try {
                    closeable.close();
                } catch (Exception e) {
                    throw new IllegalStateException("closing the repository indexes failed", e);
                }
            }
        }
    }

    /** Where the service's meters are registered. */
    io.micrometer.core.instrument.MeterRegistry registry() {
        return registry;
    }

    /** The repository service the server delegates to. */
    RepositoryService repositories() {
        return repositories;
    }
}
