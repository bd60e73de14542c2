package dev.osprey.context.server;

import dev.osprey.api.v1.ContextGrpc;
import dev.osprey.context.session.JdbcSessionStore;
import dev.osprey.context.session.SessionDatabase;
import dev.osprey.context.session.SessionStore;
import dev.osprey.context.window.WindowPolicy;
import io.grpc.Grpc;
import dev.osprey.internalauth.InternalAuth;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.protobuf.services.HealthStatusManager;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import dev.osprey.context.embed.MiniLmEmbedder;
import dev.osprey.context.index.IndexOptions;
import dev.osprey.context.walk.AllowedRoots;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Wires the context core into Spring: opens the session store (failing startup with the database and
 * the setting when it cannot), loads the configured models' vocabularies, connects to the Inference
 * service for summaries when one is configured, exposes the gRPC service, sweeps idle sessions, and
 * reports SERVING on the standard health service once all of that is done.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ContextServerProperties.class)
public class ContextServerConfiguration {
    private static final Logger log = LoggerFactory.getLogger(ContextServerConfiguration.class);

    @Bean(destroyMethod = "close")
    SessionStore sessionStore(ContextServerProperties properties) {
        ContextServerProperties.Sessions settings = properties.sessions();
        SessionDatabase database = switch (settings.store()) {
            case H2 -> SessionDatabase.h2File(settings.dir());
            case POSTGRES -> SessionDatabase.postgres(settings.url(), settings.user(), settings.password());
        };
        try {
            JdbcSessionStore store = JdbcSessionStore.open(database, settings.idleExpiry());
            log.info("Sessions in {}; idle sessions expire after {}", database, settings.idleExpiry());
            return store;
        } catch (RuntimeException e) {
            throw new ContextStartupException("cannot open the session store " + database + ": " + e.getMessage(),
                    settings.store() == ContextServerProperties.Store.H2
                            ? "Check osprey.context.sessions.dir: it must be a writable directory that no other"
                            + " process holds open."
                            : "Check osprey.context.sessions.url, user and password, and that the PostgreSQL server runs.",
                    e);
        }
    }

    @Bean(destroyMethod = "close")
    SessionExpiry sessionExpiry(SessionStore store, ContextServerProperties properties) {
        return new SessionExpiry(store, properties.sessions().expirySweep());
    }

    @Bean(destroyMethod = "close")
    InferenceConnection inferenceConnection(ContextServerProperties properties, InternalAuth internalAuth) {
        String target = properties.inference().target();
        if (target == null) {
            log.info("No Inference service configured (osprey.context.inference.target): older turns are trimmed"
                    + " extractively");
            return new InferenceConnection(null);
        }
        log.info("Older turns are summarised by the Inference service at {} (deadline {})", target,
                properties.inference().summaryDeadline());
        return new InferenceConnection(Grpc.newChannelBuilder(target, InsecureChannelCredentials.create())
                .intercept(internalAuth.clientInterceptors())
                .build());
    }

    @Bean
    ModelRegistry modelRegistry(ContextServerProperties properties, SessionStore sessions,
                                InferenceConnection inference) {
        WindowPolicy policy = new WindowPolicy(properties.tiers());
        ServedModel.SummarizerFactory summarizers = inference.channel() == null ? ServedModel.SummarizerFactory.NONE
                : (tokenizer, template) -> new InferenceSummarizer(inference.channel(), tokenizer, template,
                        properties.inference().summaryDeadline());
        List<ServedModel> models = new ArrayList<>();
        for (ContextServerProperties.Model model : properties.models()) {
            long start = System.nanoTime();
            ServedModel served = new ServedModel(ModelVocabulary.load(model.name(), model.vocabulary(),
                    model.contextLength()), policy, sessions, summarizers);
            log.info("Model '{}' from {}: context {} tokens, {}; loaded in {} ms", served.name(), served.source(),
                    served.contextLength(), served.supportsInfill() ? "fill-in-the-middle" : "no fill-in-the-middle",
                    (System.nanoTime() - start) / 1_000_000);
            models.add(served);
        }
        if (models.isEmpty()) {
            log.warn("No models configured (osprey.context.models): PlanChat, PlanInfill and AppendMessages answer"
                    + " NOT_FOUND until one is");
        }
        return new ModelRegistry(models);
    }

    @Bean(destroyMethod = "close")
    IndexedRepositoryService repositoryService(ContextServerProperties properties) {
        IndexOptions options = IndexOptions.defaults().withMaxFileBytes(properties.limits().maxFileSize().toBytes());
        if (properties.embeddings()) {
            options = options.withEmbedder(new MiniLmEmbedder());
        }
        log.info("Repository indexes in {}: BM25{}", properties.indexRoot(),
                properties.embeddings() ? " and all-MiniLM-L6-v2 embeddings, fused by reciprocal rank"
                        : " (embeddings off: osprey.context.embeddings=true adds them)");
        AllowedRoots roots = new AllowedRoots(properties.allowedRoots());
        if (roots.isEmpty()) {
            log.info("IndexDirectory is disabled: no osprey.context.allowed-roots");
        } else {
            log.info("IndexDirectory may index under {} (files {}, {} bytes, {} per job)", roots.describe(),
                    properties.limits().directoryMaxFiles(), properties.limits().directoryMaxSize().toBytes(),
                    properties.limits().directoryMaxDuration());
        }
        return new IndexedRepositoryService(properties.indexRoot(), options, roots, properties.limits().directoryLimits());
    }

    @Bean
    ContextGrpcService contextGrpcService(ModelRegistry models, SessionStore sessions, RepositoryService repositories,
                                          ContextServerProperties properties, ObjectProvider<MeterRegistry> registry) {
        return new ContextGrpcService(models, sessions, repositories, properties.limits().requestLimits(),
                new ContextMetrics(registry.getIfAvailable(() -> Metrics.globalRegistry)));
    }

    /** Marks {@code osprey.v1.Context} SERVING once every singleton, the session store and models included, exists. */
    @Bean
    SmartInitializingSingleton contextHealthStatus(ObjectProvider<HealthStatusManager> health) {
        return () -> health.ifAvailable(manager -> manager.setStatus(ContextGrpc.SERVICE_NAME, ServingStatus.SERVING));
    }

    /** The channel to the Inference service, or none. */
    record InferenceConnection(@Nullable ManagedChannel channel) implements AutoCloseable {
        @Override
        public void close() throws InterruptedException {
            if (channel != null) {
                channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            }
        }
    }
}
