package dev.osprey.standalone.load;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * What a load run saw: request counts by outcome, client-side latency, and the gateway's own
 * overhead percentiles (from its {@code osprey.gateway.overhead} timers, in milliseconds).
 */
public record LoadReport(int clients, Duration duration, int started, int completed, int rateLimited, int lost,
                         int failed, List<String> sampleErrors, long tokens, double ttftP50Ms, double ttftP99Ms,
                         double admissionP50Ms, double admissionP99Ms, double relayP50Ms, double relayP99Ms,
                         double planningP50Ms, double planningP99Ms) {

    static LoadReport of(LoadOptions options, Duration elapsed, List<StreamOutcome> outcomes, double[] admission,
                         double[] relay, double[] planning) {
        int completed = 0, limited = 0, lost = 0, failed = 0;
        long tokens = 0;
        List<String> errors = new java.util.ArrayList<>();
        long[] ttft = outcomes.stream().filter(StreamOutcome::complete).mapToLong(StreamOutcome::firstTokenNanos)
                .filter(t -> t > 0).sorted().toArray();
        for (StreamOutcome o : outcomes) {
            tokens += o.tokens();
            if (o.complete()) {
                completed++;
            } else if (o.rateLimited()) {
                limited++;
            } else if (o.lost()) {
                lost++;
            } else {
                failed++;
            }
            if (o.error() != null && errors.size() < 5) {
                errors.add(o.status() + ": " + o.error());
            }
        }
        return new LoadReport(options.clients(), elapsed, outcomes.size(), completed, limited, lost, failed,
                List.copyOf(errors), tokens, percentileMs(ttft, 0.5), percentileMs(ttft, 0.99), admission[0],
                admission[1], relay[0], relay[1], planning[0], planning[1]);
    }

    private static double percentileMs(long[] sortedNanos, double q) {
        if (sortedNanos.length == 0) {
            return Double.NaN;
        }
        int index = (int) Math.min(sortedNanos.length - 1, Math.ceil(q * sortedNanos.length) - 1);
        return sortedNanos[Math.max(0, index)] / 1e6;
    }

    /** Only intended 429s, and every admitted stream ended with its finish reason and [DONE]. */
    public boolean clean() {
        return lost == 0 && failed == 0;
    }

    public String text() {
        double seconds = duration.toMillis() / 1000.0;
        return String.format(Locale.ROOT, """
                clients %d, %.1f s: %d requests, %d complete streams, %d rate-limited (429), %d lost streams, %d failed
                tokens streamed %d (%.1f/s); client TTFT p50 %.1f ms, p99 %.1f ms
                gateway overhead: admission p50 %.3f ms, p99 %.3f ms; relay per event p50 %.3f ms, p99 %.3f ms
                planning (tokenizer and context calls) p50 %.1f ms, p99 %.1f ms%s
                """, clients, seconds, started, completed, rateLimited, lost, failed, tokens, tokens / seconds,
                ttftP50Ms, ttftP99Ms, admissionP50Ms, admissionP99Ms, relayP50Ms, relayP99Ms, planningP50Ms, planningP99Ms,
                sampleErrors.isEmpty() ? "" : "\nfirst errors: " + String.join(" | ", sampleErrors));
    }

    static double[] none() {
        double[] values = new double[2];
        Arrays.fill(values, Double.NaN);
        return values;
    }
}
