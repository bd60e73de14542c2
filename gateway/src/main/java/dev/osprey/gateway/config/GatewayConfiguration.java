package dev.osprey.gateway.config;

import dev.osprey.gateway.access.AccessDecision;
import dev.osprey.gateway.access.AccessPolicy;
import dev.osprey.gateway.access.KeyEntry;
import dev.osprey.gateway.access.KeyFilePoller;
import dev.osprey.gateway.access.KeyRegistry;
import dev.osprey.gateway.access.RateLimiter;
import dev.osprey.gateway.access.RateLimits;
import dev.osprey.gateway.completion.CompletionPipeline;
import dev.osprey.gateway.completion.InferenceClient;
import dev.osprey.gateway.completion.ModelCatalog;
import dev.osprey.gateway.completion.TokenPieces;
import dev.osprey.gateway.upstream.Upstreams;
import dev.osprey.internalauth.InternalAuth;
import dev.osprey.internalauth.InternalAuthProperties;
import io.grpc.ClientInterceptor;
import io.grpc.InsecureChannelCredentials;
import io.grpc.netty.NettyChannelBuilder;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/** Wires the plain-Java cores from {@link GatewayProperties}. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(GatewayProperties.class)
public class GatewayConfiguration {
    private static final Logger log = LoggerFactory.getLogger(GatewayConfiguration.class);
    private static final Duration MODEL_CACHE = Duration.ofSeconds(30);

    /** Channels to the internal services, each call carrying the service token when one is configured. */
    @Bean(destroyMethod = "close")
    Upstreams upstreams(GatewayProperties properties, Environment environment) {
        List<ClientInterceptor> auth = new InternalAuth(InternalAuthProperties.token(environment)).clientInterceptors();
        return new Upstreams(channel(properties.tokenizer(), auth).build(), channel(properties.context(), auth).build(),
                channel(properties.inference(), auth).initialFlowControlWindow(GENERATION_WINDOW).build());
    }

    /**
     * The inference channel's HTTP/2 flow-control window per call, fixed instead of gRPC's automatic one
     * (which grows to megabytes on a fast link): what a generation holds in the gateway for a client that
     * stopped reading stays small, so the inference service sees the stall and pauses that generation.
     */
    static final int GENERATION_WINDOW = 64 * 1024;

    private static NettyChannelBuilder channel(String target, List<ClientInterceptor> interceptors) {
        return NettyChannelBuilder.forTarget(target, InsecureChannelCredentials.create())
                .maxInboundMessageSize(64 << 20)
                .intercept(interceptors);
    }

    @Bean
    ModelCatalog modelCatalog(Upstreams upstreams, GatewayProperties properties) {
        return new ModelCatalog(upstreams.inference(), upstreams.tokenizer(),
                Optional.ofNullable(properties.modelNotice()).filter(s -> !s.isBlank()), MODEL_CACHE);
    }

    @Bean
    CompletionPipeline completionPipeline(Upstreams upstreams, ModelCatalog catalog) {
        return new CompletionPipeline(upstreams.tokenizer(), upstreams.context(), catalog,
                new InferenceClient(upstreams.inference()));
    }

    @Bean
    TokenPieces tokenPieces(Upstreams upstreams) {
        return new TokenPieces(upstreams.tokenizer());
    }

    /** Keys from configuration and the key file; refuses to start open on a non-loopback address. */
    @Bean
    KeyRegistry keyRegistry(GatewayProperties properties, @Value("${server.address:}") String bindAddress) {
        RateLimits defaults = new RateLimits(properties.defaultLimits().rpm(), properties.defaultLimits().tpm());
        KeyRegistry registry = new KeyRegistry(properties.apiKeys().stream()
                .map(k -> KeyEntry.of(k.name(), k.key(), new RateLimits(k.rpm(), k.tpm()), k.admin()))
                .toList(), Optional.ofNullable(properties.keyFile()), defaults);
        AccessDecision decision = AccessPolicy.check(bindAddress.isBlank() ? "0.0.0.0" : bindAddress,
                registry.hasKeys());
        if (decision instanceof AccessDecision.Open open) {
            log.info(open.note());
        }
        decision.orThrow();
        return registry;
    }

    /**
     * The registry {@code /metrics} serves. It joins Micrometer's global registry, so meters of services
     * running in the same JVM (the embedded default) are served too.
     */
    @Bean(destroyMethod = "")
    PrometheusMeterRegistry prometheusMeterRegistry() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        Metrics.globalRegistry.add(registry);
        return registry;
    }

    /** Leaves Micrometer's global registry when the gateway stops, then closes the Prometheus registry. */
    @Bean
    org.springframework.beans.factory.DisposableBean prometheusDeregistration(PrometheusMeterRegistry registry) {
        return () -> {
            Metrics.globalRegistry.remove(registry);
            registry.close();
        };
    }

    @Bean
    RateLimiter rateLimiter() {
        return RateLimiter.systemClock();
    }

    /** Re-reads the key file on its schedule (only when one is configured). */
    @Bean(destroyMethod = "shutdownNow")
    ScheduledExecutorService keyFileReloader(GatewayProperties properties, KeyRegistry registry, RateLimiter limiter) {
        ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "osprey-key-file");
            t.setDaemon(true);
            return t;
        });
        if (properties.keyFile() != null) {
            KeyFilePoller poller = new KeyFilePoller(registry, properties.keyFile(), Clock.systemUTC(),
                    properties.keyFileReload());
            executor.scheduleWithFixedDelay(() -> {
                KeyFilePoller.Outcome outcome = poller.poll();
                if (outcome == KeyFilePoller.Outcome.RELOADED) {
                    limiter.retainOnly(registry.keys());
                    log.info("Reloaded {}: {} keys in force", properties.keyFile(), registry.keys().size());
                } else if (outcome == KeyFilePoller.Outcome.FAILED) {
                    log.warn("Key file {} not reloaded (the previous keys stay in force): {}", properties.keyFile(),
                            poller.lastError().getMessage());
                }
            }, properties.keyFileReload().toMillis(), properties.keyFileReload().toMillis(),
                    java.util.concurrent.TimeUnit.MILLISECONDS);
        }
        return executor;
    }
}
