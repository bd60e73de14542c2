package dev.osprey.engine.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class KvBudgetTest {

    @Test
    void sizesUseBinaryUnits() {
        assertThat(KvBudget.parse("512MB").resolve(0)).isEqualTo(512L << 20);
        assertThat(KvBudget.parse("2gb").resolve(0)).isEqualTo(2L << 30);
        assertThat(KvBudget.parse("1048576").resolve(0)).isEqualTo(1L << 20);
        assertThat(KvBudget.parse(" 64 KB ").resolve(0)).isEqualTo(64L << 10);
    }

    @Test
    void aShareOfFreeMemoryResolvesAgainstWhatIsFree() {
        assertThat(KvBudget.parse("40%").resolve(1000L << 20)).isEqualTo(400L << 20);
        assertThat(KvBudget.parse("12.5%").resolve(800)).isEqualTo(100);
        assertThat(KvBudget.availableMemory()).isPositive();
    }

    @Test
    void anythingElseIsRefusedNamingTheForms() {
        for (String bad : new String[] {"", "-1MB", "0", "0%", "150%", "5 parsecs", "0.4"}) {
            assertThatThrownBy(() -> KvBudget.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("KV budget");
        }
    }
}
