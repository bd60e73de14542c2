package dev.osprey.standalone.e2e;

import dev.osprey.standalone.OspreyStack;
import dev.osprey.standalone.StackOptions;
import dev.osprey.standalone.model.ResolvedModel;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.json.JsonMapper;

/** An {@link OspreyStack} on free ports for a test class, with a raw HTTP client against its gateway. */
final class RunningStack implements AutoCloseable {
    final OspreyStack stack;
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final JsonMapper json = JsonMapper.builder().build();

    private RunningStack(OspreyStack stack) {
        this.stack = stack;
    }

    static RunningStack start(Path model, Path home, boolean kafka, Map<String, String> properties) {
        ResolvedModel resolved = new ResolvedModel(model, model.getFileName().toString(), false, Optional.empty());
        return new RunningStack(OspreyStack.start(new StackOptions(null, "127.0.0.1", 0, 0, home, kafka, properties),
                resolved));
    }

    String base() {
        return stack.baseUrl();
    }

    String root() {
        return "http://127.0.0.1:" + stack.port();
    }

    HttpResponse<String> post(String path, String body, String key) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(root() + path))
                .timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (key != null) {
            request.header("Authorization", "Bearer " + key);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> get(String path, String key) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(root() + path)).timeout(Duration.ofSeconds(60)).GET();
        if (key != null) {
            request.header("Authorization", "Bearer " + key);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> delete(String path, String key) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(root() + path)).timeout(Duration.ofSeconds(60)).DELETE();
        if (key != null) {
            request.header("Authorization", "Bearer " + key);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /**
     * Creates repository {@code name} of {@code files} (a JSON array of {@code {"path", "content"}}) as {@code key} and
     * waits up to a minute for it to be ready; fails naming the refusal or the status.
     */
    void createRepository(String name, String files, String key) throws IOException, InterruptedException {
        HttpResponse<String> created = post("/v1/repositories", "{\"name\":\"" + name + "\",\"files\":" + files + "}",
                key);
        if (created.statusCode() != 202) {
            throw new AssertionError("creating repository " + name + ": " + created.statusCode() + " " + created.body());
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        String status = "";
        while (System.nanoTime() < deadline) {
            HttpResponse<String> r = get("/v1/repositories/" + name, key);
            status = r.statusCode() == 200 ? json.readTree(r.body()).get("status").stringValue() : r.body();
            if (status.equals("ready")) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("repository " + name + " not ready: " + status);
    }

    /** A gauge or counter from the gateway's Prometheus scrape (every service of the JVM reports there). */
    double metric(String prometheusName) throws IOException, InterruptedException {
        String scrape = get("/metrics", null).body();
        for (String line : scrape.split("\n")) {
            if (line.startsWith(prometheusName + "{") || line.startsWith(prometheusName + " ")) {
                return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        throw new AssertionError("no metric " + prometheusName + " in /metrics");
    }

    @Override
    public void close() {
        stack.close();
    }
}
