package dev.osprey.engine.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MemoryBandwidthTest {

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3})
    void readsEveryByteOncePerPass(int threads) {
        long bytes = 8L << 20;
        MemoryBandwidth.Result r = MemoryBandwidth.measure(bytes, threads, 3);
        long n = bytes / 8;
        assertThat(r.checksum()).as("sum of the longs 0, 8, 16, ... written into the buffer").isEqualTo(8 * (n * (n - 1) / 2));
        assertThat(r.passSeconds()).hasSize(3);
        assertThat(java.util.Arrays.stream(r.passSeconds()).min().orElseThrow()).isPositive();
        assertThat(r.bestGBps()).isGreaterThanOrEqualTo(r.medianGBps()).isPositive();
        assertThat(r.toString()).contains(threads + " thread").contains("GB/s");
    }

    @ParameterizedTest
    @ValueSource(ints = {0, -1})
    void refusesNonsense(int threads) {
        assertThatThrownBy(() -> MemoryBandwidth.measure(1 << 20, threads, 1)).isInstanceOf(IllegalArgumentException.class);
    }
}
