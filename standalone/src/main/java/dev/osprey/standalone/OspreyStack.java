package dev.osprey.standalone;

import dev.osprey.context.server.ContextServerApplication;
import dev.osprey.gateway.GatewayApplication;
import dev.osprey.gateway.access.AccessPolicy;
import dev.osprey.gateway.access.KeyRegistry;
import dev.osprey.inference.server.InferenceServerApplication;
import dev.osprey.internalauth.InternalAuthProperties;
import dev.osprey.internalauth.ServiceToken;
import dev.osprey.kafka.embedded.EmbeddedKafka;
import dev.osprey.standalone.model.ModelResolver;
import dev.osprey.standalone.model.ResolvedModel;
import dev.osprey.tokenizer.server.TokenizerServerApplication;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.springframework.boot.Banner;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The embedded default: the tokenizer, inference and context services and the gateway in one JVM,
 * each its own Spring application on its own loopback port, talking real gRPC, plus an embedded
 * Kafka broker. Each service is configured only by the properties given here (no application.yaml is
 * read, since the four modules' files share one name on the classpath). Closing stops everything in
 * reverse order.
 */
public final class OspreyStack implements AutoCloseable {
    /** Created before any service starts, so no client's subscription auto-creates one with other partitions. */
    public static final Map<String, Integer> KAFKA_TOPICS =
            Map.of("osprey.batch.requests", 3, "osprey.batch.results", 3, "osprey.batch.control", 1);

    private static final String LOOPBACK = "127.0.0.1";

    private final ResolvedModel model;
    private final String modelName;
    private final EmbeddedKafka kafka;
    private final List<ConfigurableApplicationContext> contexts;
    private final ConfigurableApplicationContext inference;
    private ConfigurableApplicationContext gateway;
    private final Map<String, String> gatewayProperties;
    private final String host;
    private final int grpcPort;
    private final HomeLock lock;
    private final Map<String, Integer> internalPorts;

    private OspreyStack(ResolvedModel model, String modelName, EmbeddedKafka kafka,
                        List<ConfigurableApplicationContext> contexts, ConfigurableApplicationContext inference,
                        ConfigurableApplicationContext gateway, Map<String, String> gatewayProperties, String host,
                        int grpcPort, HomeLock lock, Map<String, Integer> internalPorts) {
        this.lock = lock;
        this.internalPorts = internalPorts;
        this.model = model;
        this.modelName = modelName;
        this.kafka = kafka;
        this.contexts = contexts;
        this.inference = inference;
        this.gateway = gateway;
        this.gatewayProperties = gatewayProperties;
        this.host = host;
        this.grpcPort = grpcPort;
    }

    /** Resolves the model (downloading it once if needed) and starts everything. */
    public static OspreyStack start(StackOptions options, PrintStream console) {
        HomeLock lock = HomeLock.acquire(options.home());
        try {
            ResolvedModel model = ModelResolver.fromEnvironment(console).resolve(options.model());
            return start(options, model, lock);
        } catch (RuntimeException e) {
            lock.close();
            throw e;
        }
    }

    /** Starts everything for an already resolved model. */
    public static OspreyStack start(StackOptions options, ResolvedModel model) {
        return start(options, model, HomeLock.acquire(options.home()));
    }

    /** {@code lock}: the home's, held from here on and released by {@link #close()} (or a failed start). */
    private static OspreyStack start(StackOptions options, ResolvedModel model, HomeLock lock) {
        String name = modelName(model.file());
        Path home = options.home();
        int tokenizerPort = FreePorts.next();
        int inferencePort = FreePorts.next();
        int contextPort = FreePorts.next();
        int grpcPort = FreePorts.orNext(options.grpcPort());
        List<ConfigurableApplicationContext> started = new ArrayList<>();
        EmbeddedKafka kafka = null;
        try {
            if (options.kafka()) {
                kafka = EmbeddedKafka.start(home.resolve("kafka"));
                kafka.createTopics(KAFKA_TOPICS);
            }
            String bootstrap = kafka == null ? "" : kafka.bootstrapServers();
            Map<String, String> common = common(options, bootstrap);
            // Internal services: loopback only, and even there only for callers holding this process's token.
            Map<String, String> internal = new HashMap<>(common);
            internal.put("spring.grpc.server.address", LOOPBACK);
            internal.put(InternalAuthProperties.TOKEN, ServiceToken.random().secret());

            Map<String, String> tokenizer = new HashMap<>(internal);
            tokenizer.put("spring.application.name", "osprey-tokenizer");
            tokenizer.put("spring.grpc.server.port", Integer.toString(tokenizerPort));
            tokenizer.put("spring.grpc.server.inbound.message.max-size", "16MB");
            tokenizer.put("osprey.tokenizer.models.[" + name + "]", model.file().toString());
            tokenizer.put("osprey.tokenizer.default-model", name);

            Map<String, String> inferenceProps = new HashMap<>(internal);
            inferenceProps.put("spring.application.name", "osprey-inference");
            inferenceProps.put("spring.grpc.server.port", Integer.toString(inferencePort));
            inferenceProps.put("osprey.inference.model-path", model.file().toString());
            inferenceProps.put("osprey.inference.model-name", name);
            if (!bootstrap.isEmpty()) {
                inferenceProps.put("osprey.inference.batch.enabled", "true");
                inferenceProps.put("osprey.inference.batch.bootstrap-servers", bootstrap);
            }

            Map<String, String> context = new HashMap<>(internal);
            context.put("spring.application.name", "osprey-context");
            context.put("spring.grpc.server.port", Integer.toString(contextPort));
            context.put("spring.grpc.server.inbound.message.max-size", "16MB");
            context.put("osprey.context.models[0].name", name);
            context.put("osprey.context.models[0].vocabulary", model.file().toString());
            context.put("osprey.context.sessions.dir", home.resolve("context/sessions").toString());
            context.put("osprey.context.index-root", home.resolve("context/index").toString());
            context.put("osprey.context.inference.target", LOOPBACK + ":" + inferencePort);
            context.putIfAbsent("osprey.context.allowed-roots", allowedRoots(options));

            // The three internal services load their models concurrently.
            var tokenizerStart = CompletableFuture.supplyAsync(() -> grpcOnly(TokenizerServerApplication.class, tokenizer));
            var inferenceStart = CompletableFuture.supplyAsync(() -> grpcOnly(InferenceServerApplication.class, inferenceProps));
            var contextStart = CompletableFuture.supplyAsync(() -> grpcOnly(ContextServerApplication.class, context));
            joinAll(List.of(tokenizerStart, inferenceStart, contextStart), started);
            ConfigurableApplicationContext inference = inferenceStart.join();

            Map<String, String> gatewayProps = new HashMap<>(common);
            gatewayProps.put("spring.application.name", "osprey-gateway");
            gatewayProps.put("server.address", options.host());
            gatewayProps.put("server.port", Integer.toString(options.port()));
            gatewayProps.put("spring.grpc.server.port", Integer.toString(grpcPort));
            gatewayProps.put("spring.grpc.server.address", options.host());
            gatewayProps.put(InternalAuthProperties.TOKEN, internal.get(InternalAuthProperties.TOKEN));
            gatewayProps.put("osprey.gateway.tokenizer", LOOPBACK + ":" + tokenizerPort);
            gatewayProps.put("osprey.gateway.inference", LOOPBACK + ":" + inferencePort);
            gatewayProps.put("osprey.gateway.context", LOOPBACK + ":" + contextPort);
            model.warning().ifPresent(w -> gatewayProps.put("osprey.gateway.model-notice", w));
            gatewayProps.put("osprey.gateway.batch.dir", home.resolve("batches").toString());
            if (!bootstrap.isEmpty()) {
                gatewayProps.put("osprey.gateway.kafka.bootstrap-servers", bootstrap);
            }
            gatewayProps.putAll(options.properties());
            ConfigurableApplicationContext gateway = startGateway(gatewayProps);
            started.add(gateway);
            OspreyStack stack = new OspreyStack(model, name, kafka, started, inference, gateway, gatewayProps,
                    options.host(), grpcPort, lock,
                    Map.of("tokenizer", tokenizerPort, "context", contextPort, "inference", inferencePort));
            lock.describe("pid " + ProcessHandle.current().pid() + ", REST " + stack.baseUrl() + ", gRPC port " + grpcPort
                    + stack.kafka().map(k -> ", Kafka " + k.bootstrapServers()).orElse(""));
            return stack;
        } catch (RuntimeException e) {
            closeAll(started, kafka);
            lock.close();
            throw e;
        }
    }

    /**
     * Directories {@code POST /v1/repositories} may index by path: the user's home when the gateway
     * listens on loopback only (the user's own machine); none otherwise, unless configured
     * ({@code --osprey.context.allowed-roots=DIR,...}).
     */
    static String allowedRoots(StackOptions options) {
        return AccessPolicy.isLoopback(options.host()) ? System.getProperty("user.home") : "";
    }

    private static Map<String, String> common(StackOptions options, String bootstrap) {
        Map<String, String> common = new HashMap<>();
        // No application.yaml: every service gets exactly the properties set here.
        common.put("spring.config.name", "osprey-embedded");
        common.put("spring.main.register-shutdown-hook", "false");
        common.put("logging.include-application-name", "false");
        common.put("logging.level.root", "WARN");
        common.put("logging.level.dev.osprey", "INFO");
        common.put("logging.level.org.apache.kafka", "WARN");
        // Each service adds its registry to Micrometer's global composite after meters exist: expected here.
        common.put("logging.level.io.micrometer.core.instrument.composite.CompositeMeterRegistry", "ERROR");
        if (!bootstrap.isEmpty()) {
            common.put("spring.kafka.bootstrap-servers", bootstrap);
        }
        options.properties().forEach((k, v) -> {
            if (!k.startsWith("osprey.gateway.") && !k.startsWith("server.")) {
                common.put(k, v);
            }
        });
        return common;
    }

    private static ConfigurableApplicationContext startGateway(Map<String, String> properties) {
        return new SpringApplicationBuilder(GatewayApplication.class)
                .web(WebApplicationType.REACTIVE)
                .bannerMode(Banner.Mode.OFF)
                .properties(asObjects(properties))
                .run();
    }

    /**
     * Stops the gateway and starts it again on the same ports and data (what a gateway restart looks
     * like to clients: refused connections meanwhile, then the same state).
     */
    public synchronized void restartGateway() {
        int port = port();
        contexts.remove(gateway);
        gateway.close();
        Map<String, String> properties = new HashMap<>(gatewayProperties);
        properties.put("server.port", Integer.toString(port));
        gateway = startGateway(properties);
        contexts.add(gateway);
    }

    private static ConfigurableApplicationContext grpcOnly(Class<?> application, Map<String, String> properties) {
        return new SpringApplicationBuilder(application)
                .web(WebApplicationType.NONE)
                .bannerMode(Banner.Mode.OFF)
                .properties(asObjects(properties))
                .run();
    }

    /** Waits for every start; the ones that succeeded join {@code started} (to be closed) before a failure is thrown. */
    private static void joinAll(List<CompletableFuture<ConfigurableApplicationContext>> starts,
                                List<ConfigurableApplicationContext> started) {
        RuntimeException failure = null;
        for (CompletableFuture<ConfigurableApplicationContext> start : starts) {
            try {
                started.add(start.join());
            } catch (CompletionException e) {
                if (failure == null) {
                    failure = e.getCause() instanceof RuntimeException r ? r : e;
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    private static Map<String, Object> asObjects(Map<String, String> properties) {
        return new HashMap<>(properties);
    }

    /** The name clients use: the file name without {@code .gguf}. */
    static String modelName(Path file) {
        String name = file.getFileName().toString();
        return name.toLowerCase(java.util.Locale.ROOT).endsWith(".gguf") ? name.substring(0, name.length() - 5) : name;
    }

    public ResolvedModel model() {
        return model;
    }

    public String modelName() {
        return modelName;
    }

    /** The REST port the gateway bound. */
    public int port() {
        return ((WebServerApplicationContext) gateway).getWebServer().getPort();
    }

    public int grpcPort() {
        return grpcPort;
    }

    /** The internal services' gRPC ports (loopback, token-authenticated) by service: tokenizer, context, inference. */
    public Map<String, Integer> internalPorts() {
        return internalPorts;
    }

    /** The API's base URL, e.g. {@code http://127.0.0.1:8080/v1}. */
    public String baseUrl() {
        String shown = host.contains(":") ? "[" + host + "]" : host;
        return "http://" + ("0.0.0.0".equals(host) ? "127.0.0.1" : shown) + ":" + port() + "/v1";
    }

    public String host() {
        return host;
    }

    public java.util.Optional<EmbeddedKafka> kafka() {
        return java.util.Optional.ofNullable(kafka);
    }

    /** The external cluster the services use, when not the embedded broker. */
    public java.util.Optional<String> externalKafka() {
        String bootstrap = gatewayProperties.get("osprey.gateway.kafka.bootstrap-servers");
        return kafka == null && bootstrap != null && !bootstrap.isBlank() ? java.util.Optional.of(bootstrap)
                : java.util.Optional.empty();
    }

    /** The inference service's application context (its meters, for tests and diagnostics). */
    public ConfigurableApplicationContext inferenceContext() {
        return inference;
    }

    /** API keys the gateway has loaded (configured and from the key file). */
    public int apiKeyCount() {
        return gateway.getBean(KeyRegistry.class).keys().size();
    }

    public ConfigurableApplicationContext gatewayContext() {
        return gateway;
    }

    @Override
    public void close() {
        closeAll(contexts, kafka);
        lock.close();
    }

    private static void closeAll(List<ConfigurableApplicationContext> contexts, EmbeddedKafka kafka) {
        for (int i = contexts.size() - 1; i >= 0; i--) {
            try {
                contexts.get(i).close();
            } catch (RuntimeException ignored) {
                // keep closing the rest
            }
        }
        if (kafka != null) {
            kafka.close();
        }
    }
}
