package dev.osprey.standalone.load;

import dev.osprey.gateway.web.GatewayMetrics;
import dev.osprey.standalone.OspreyStack;
import dev.osprey.standalone.StackOptions;
import dev.osprey.standalone.model.BundledModel;
import dev.osprey.standalone.model.ResolvedModel;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.ValueAtPercentile;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Load on the gateway over loopback: many concurrent streaming clients against the embedded default
 * with the demo model, counting complete, rate-limited, lost and failed streams and reading the
 * gateway's own overhead. {@code ./osprey bench gateway [--clients 200] [--warmup 30] [--duration 60]
 * [--max-tokens 32] [--limited-clients 20] [--limited-rpm 30] [--spring.property=value ...]}.
 */
public final class GatewayLoad {
    static final String KEY = "sk-load-unlimited-0123456789";
    static final String LIMITED_KEY = "sk-load-limited-0123456789";

    private GatewayLoad() {}

    /** Keys the stack must be started with for {@link #run}. */
    public static Map<String, String> keyProperties(LoadOptions options) {
        return Map.of(
                "osprey.gateway.api-keys[0].name", "load",
                "osprey.gateway.api-keys[0].key", KEY,
                "osprey.gateway.api-keys[1].name", "load-limited",
                "osprey.gateway.api-keys[1].key", LIMITED_KEY,
                "osprey.gateway.api-keys[1].rpm", Integer.toString(options.limitedRpm()));
    }

    public static LoadReport run(OspreyStack stack, LoadOptions options) throws InterruptedException {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).build();
        List<StreamOutcome> outcomes = Collections.synchronizedList(new ArrayList<>());
        long measuredFrom = System.nanoTime() + options.warmup().toNanos();
        long deadline = measuredFrom + options.duration().toNanos();
        try (ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int c = 0; c < options.clients(); c++) {
                boolean limited = c < options.limitedClients();
                StreamingClient client = new StreamingClient(http, stack.baseUrl(), limited ? LIMITED_KEY : KEY);
                int id = c;
                clients.submit(() -> loop(client, id, options, measuredFrom, deadline, outcomes));
            }
            clients.shutdown();
            clients.awaitTermination(options.duration().toSeconds() + 600, TimeUnit.SECONDS);
        }
        Duration elapsed = Duration.ofNanos(System.nanoTime() - measuredFrom);
        GatewayMetrics metrics = stack.gatewayContext().getBean(GatewayMetrics.class);
        return LoadReport.of(options, elapsed, List.copyOf(outcomes), percentiles(metrics.admissionTimer()),
                percentiles(metrics.relayTimer()), percentiles(metrics.planningTimer()));
    }

    private static void loop(StreamingClient client, int id, LoadOptions options, long measuredFrom, long deadline,
                             List<StreamOutcome> outcomes) {
        int turn = 0;
        while (System.nanoTime() < deadline) {
            long sent = System.nanoTime();
            String body = "{\"messages\":[{\"role\":\"user\",\"content\":\"Tell story " + id + "." + turn++
                    + " about a cat.\"}],\"max_tokens\":" + options.maxTokens() + ",\"temperature\":0.8,\"stream\":true}";
            StreamOutcome outcome = client.run(body);
            if (sent >= measuredFrom || outcome.lost() || (outcome.status() != 200 && !outcome.rateLimited())) {
                outcomes.add(outcome); // warm-up requests count only when they went wrong
            }
            if (outcome.rateLimited()) {
                long waitNanos = Math.min(Duration.ofSeconds(Math.max(1, outcome.retryAfterSeconds())).toNanos(),
                        deadline - System.nanoTime());
                if (waitNanos > 0) {
                    try {
                        Thread.sleep(Duration.ofNanos(waitNanos));
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
            } else if (outcome.status() != 200) {
                return; // a failure: recorded, and this client stops so the run does not spin on it
            }
        }
    }

    /** p50 and p99 in milliseconds from a timer that publishes them. */
    private static double[] percentiles(Timer timer) {
        double[] out = LoadReport.none();
        for (ValueAtPercentile v : timer.takeSnapshot().percentileValues()) {
            if (v.percentile() == 0.5) {
                out[0] = v.value(TimeUnit.MILLISECONDS);
            } else if (v.percentile() == 0.99) {
                out[1] = v.value(TimeUnit.MILLISECONDS);
            }
        }
        return out;
    }

    public static void main(String[] args) throws Exception {
        int clients = 200;
        int seconds = 60;
        int warmup = 30;
        int maxTokens = 32;
        int limitedClients = 20;
        int limitedRpm = 30;
        Map<String, String> properties = new java.util.HashMap<>();
        for (int i = 0; i < args.length; i += 2) {
            if (args[i].startsWith("--") && args[i].contains("=")) {
                properties.put(args[i].substring(2, args[i].indexOf('=')), args[i].substring(args[i].indexOf('=') + 1));
                i--;
                continue;
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(args[i] + " needs a value");
            }
            int value = Integer.parseInt(args[i + 1]);
            switch (args[i]) {
                case "--clients" -> clients = value;
                case "--duration" -> seconds = value;
                case "--warmup" -> warmup = value;
                case "--max-tokens" -> maxTokens = value;
                case "--limited-clients" -> limitedClients = value;
                case "--limited-rpm" -> limitedRpm = value;
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        LoadOptions options = new LoadOptions(clients, Duration.ofSeconds(warmup), Duration.ofSeconds(seconds), maxTokens,
                limitedClients, limitedRpm);
        Path home = Files.createTempDirectory("osprey-load");
        Path model = new BundledModel(home.resolve("models")).extract();
        properties.putAll(keyProperties(options));
        try (OspreyStack stack = OspreyStack.start(new StackOptions(null, "127.0.0.1", 0, 0, home, false,
                properties), new ResolvedModel(model, BundledModel.NAME, true, Optional.empty()))) {
            System.out.printf("Load: %d clients (%d on a %d rpm key), %d s warm-up then %d s measured, max_tokens %d, against %s%n",
                    clients, limitedClients, limitedRpm, warmup, seconds, maxTokens, stack.baseUrl());
            LoadReport report = run(stack, options);
            System.out.print(report.text());
            System.exit(report.clean() ? 0 : 1);
        }
    }
}
