package dev.osprey.inference.server;

import static dev.osprey.inference.server.InProcessInferenceServer.greedy;
import static org.assertj.core.api.Assertions.assertThat;

import dev.osprey.api.v1.ListModelsRequest;
import dev.osprey.api.v1.ModelInfo;
import dev.osprey.inference.server.InProcessInferenceServer.Generation;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** ListModels and the meters one generation leaves behind. */
class ModelsAndMetricsTest {
    private static InProcessInferenceServer server;

    @BeforeAll
    static void start() {
        server = new InProcessInferenceServer();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void listModelsDescribesTheServedModel() {
        var config = server.served().model().config();

        ModelInfo model = server.stub().listModels(ListModelsRequest.getDefaultInstance()).getModels(0);

        assertThat(model.getName()).isEqualTo("stories260K");
        assertThat(model.getArchitecture()).isEqualTo("llama");
        assertThat(model.getVocabSize()).isEqualTo(512);
        assertThat(model.getContextLength()).isEqualTo(config.contextLength()).isPositive();
        assertThat(model.getBlockSize()).isEqualTo(16);
        assertThat(model.getKvBlocksTotal()).isEqualTo(server.engine().stats().kvBlocksTotal()).isPositive();
    }

    @Test
    void generationFeedsTheTimersCountersAndGauges() {
        Generation g = server.generate(greedy("Once upon a time", 12).setIgnoreEos(true).build());
        MeterRegistry registry = server.registry();

        assertThat(registry.get("osprey.generation.ttft").tag("model", "stories260K").timer().count()).isGreaterThanOrEqualTo(1);
        assertThat(registry.get("osprey.generation.itl").timer().count()).isGreaterThanOrEqualTo(11);
        assertThat(registry.get("osprey.generation.tokens").tag("kind", "completion").counter().count())
                .isGreaterThanOrEqualTo(12);
        assertThat(registry.get("osprey.generation.tokens").tag("kind", "prompt").counter().count())
                .isGreaterThanOrEqualTo(g.end().getUsage().getPromptTokens());
        assertThat(registry.get("osprey.kv.blocks.total").gauge().value())
                .isEqualTo(server.engine().stats().kvBlocksTotal());
        assertThat(registry.get("osprey.kv.capacity.tokens").gauge().value())
                .isEqualTo((double) server.engine().stats().kvBlocksTotal() * server.engine().config().blockSize());
        assertThat(registry.get("osprey.kv.budget.bytes").gauge().value())
                .isEqualTo((double) server.engine().kvBytes()).isPositive();
        for (String gauge : new String[] {"osprey.scheduler.waiting", "osprey.scheduler.running",
                "osprey.scheduler.batch.tokens", "osprey.kv.blocks.used"}) {
            assertThat(registry.get(gauge).tag("model", "stories260K").gauge().value()).as(gauge).isNotNegative();
        }
        assertThat(registry.get("osprey.scheduler.preemptions").functionCounter().count()).isZero();
    }

    @Test
    void aRepeatedLongPromptCountsPrefixCacheHits() {
        String story = "Once upon a time, there was a little girl named Lily. She loved to play outside in the park."
                + " One day, she saw a big, red ball.";
        MeterRegistry registry = server.registry();
        double hits = registry.get("osprey.prefix.cache.hits").functionCounter().count();

        server.generate(greedy(story, 2).build());
        Generation second = server.generate(greedy(story, 2).build());

        assertThat(second.end().getUsage().getCachedPromptTokens()).isPositive();
        assertThat(InProcessInferenceServer.await(
                () -> registry.get("osprey.prefix.cache.hits").functionCounter().count() > hits,
                java.time.Duration.ofSeconds(5))).isTrue();
        assertThat(registry.get("osprey.prefix.cache.lookups").functionCounter().count())
                .isGreaterThanOrEqualTo(registry.get("osprey.prefix.cache.hits").functionCounter().count());
    }
}
