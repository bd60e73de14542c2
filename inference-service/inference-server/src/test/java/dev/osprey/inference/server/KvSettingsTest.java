package dev.osprey.inference.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.osprey.engine.kvpages.KvType;
import dev.osprey.engine.serve.KvBudget;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** {@code osprey.inference.kv-budget}, {@code kv-type} and {@code context-tokens} into engine settings. */
class KvSettingsTest {

    private static InferenceServerProperties props(String budget, String type, int context) {
        return new InferenceServerProperties(Path.of("m.gguf"), null, null, budget, type, context, 16, 256, 16, 256,
                new InferenceServerProperties.Stream(256, Duration.ofSeconds(30)));
    }

    @Test
    void aSizeAShareOfFreeMemoryATypeAndAWindowReachTheEngine() {
        assertThat(props("2GB", "q8_0", 4096).engineConfig().kvBudgetBytes()).isEqualTo(2L << 30);
        assertThat(props("2GB", "q8_0", 4096).engineConfig().contextTokens()).isEqualTo(4096);
        assertThat(props("2GB", "q8_0", 4096).kvCacheType()).isEqualTo(KvType.Q8_0);
        long share = props("10%", "f16", 0).engineConfig().kvBudgetBytes();
        assertThat(share).isPositive().isLessThanOrEqualTo(KvBudget.availableMemory() / 5);
    }

    @Test
    void badValuesNameTheirSetting() {
        assertThatThrownBy(() -> props("lots", "f16", 0)).hasMessageContaining("osprey.inference.kv-budget");
        assertThatThrownBy(() -> props("512MB", "q9", 0)).hasMessageContaining("osprey.inference.kv-type")
                .hasMessageContaining("f16, q8_0 or f32");
    }
}
