package dev.osprey.standalone.load;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** One streaming chat completion over raw HTTP, checked frame by frame. */
final class StreamingClient {
    private final HttpClient http;
    private final URI uri;
    private final String key;

    StreamingClient(HttpClient http, String baseUrl, String key) {
        this.http = http;
        this.uri = URI.create(baseUrl + "/chat/completions");
        this.key = key;
    }

    StreamOutcome run(String body) {
        long start = System.nanoTime();
        HttpRequest request = HttpRequest.newBuilder(uri)
                .timeout(Duration.ofMinutes(5))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + key)
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        try {
            HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
            if (response.statusCode() != 200) {
                String text;
                try (InputStream in = response.body()) {
                    text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                }
                long retryAfter = response.headers().firstValue("retry-after").map(Long::parseLong).orElse(0L);
                return new StreamOutcome(response.statusCode(), false, 0, 0, System.nanoTime() - start, retryAfter,
                        response.statusCode() == 429 ? null : text);
            }
            int tokens = 0;
            long firstToken = 0;
            boolean finished = false;
            boolean done = false;
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = reader.readLine()) != null) {
                    if (line.isEmpty()) {
                        continue;
                    }
                    if (!line.startsWith("data: ")) {
                        return new StreamOutcome(200, false, tokens, firstToken, System.nanoTime() - start, 0,
                                "not an SSE data line: " + line);
                    }
                    if (line.equals("data: [DONE]")) {
                        done = true;
                    } else if (line.contains("\"finish_reason\":\"")) {
                        finished = true;
                    } else if (line.contains("\"content\":\"") && !line.contains("\"content\":\"\"")) {
                        tokens++;
                        if (firstToken == 0) {
                            firstToken = System.nanoTime() - start;
                        }
                    }
                    if (line.contains("\"error\":{")) {
                        return new StreamOutcome(200, false, tokens, firstToken, System.nanoTime() - start, 0, line);
                    }
                }
            }
            return new StreamOutcome(200, finished && done, tokens, firstToken, System.nanoTime() - start, 0,
                    finished && done ? null : "stream ended without " + (finished ? "[DONE]" : "a finish_reason"));
        } catch (Exception e) {
            return new StreamOutcome(0, false, 0, 0, System.nanoTime() - start, 0, e.toString());
        }
    }
}
