package dev.osprey.standalone.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.osprey.standalone.OspreyStack;
import dev.osprey.standalone.StackOptions;
import dev.osprey.standalone.load.GatewayLoad;
import dev.osprey.standalone.load.LoadOptions;
import dev.osprey.standalone.load.LoadReport;
import dev.osprey.standalone.model.BundledModel;
import dev.osprey.standalone.model.ResolvedModel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Isolated;

/**
 * A bounded load run on loopback (the full 200-client, 60-second run is {@code ./osprey bench gateway},
 * recorded in BENCHMARKS.md): concurrent streaming clients, some on a rate-limited key. Every admitted
 * stream must end with its finish reason and {@code [DONE]}, and the only errors are the intended 429s.
 * Latency is reported, not asserted.
 */
@Tag("slow")
@Isolated
class GatewayLoadTest {

    @Test
    void concurrentStreamsAreNeverLostAndOnlyTheLimitedKeyIsRefused(@TempDir Path home) throws Exception {
        LoadOptions options = new LoadOptions(48, Duration.ZERO, Duration.ofSeconds(10), 16, 8, 6);
        Path model = new BundledModel(home.resolve("models")).extract();
        try (OspreyStack stack = OspreyStack.start(new StackOptions(null, "127.0.0.1", 0, 0, home, false,
                GatewayLoad.keyProperties(options)), new ResolvedModel(model, BundledModel.NAME, true, Optional.empty()))) {
            LoadReport report = GatewayLoad.run(stack, options);
            System.out.print(report.text());
            assertThat(report.lost()).as(report.text()).isZero();
            assertThat(report.failed()).as(report.text()).isZero();
            assertThat(report.completed()).as(report.text()).isGreaterThanOrEqualTo(options.clients() - options.limitedClients());
            assertThat(report.rateLimited()).as("the 6 rpm key's clients are refused: " + report.text()).isPositive();
        }
    }
}
