package dev.osprey.context.plan;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TokenCountsTest {

    @Test
    void aTextIsCountedOnceAndTheHeldTextStaysWithinItsBudget() {
        List<String> counted = new ArrayList<>();
        TokenCounts counts = new TokenCounts(text -> {
            counted.add(text);
            return text.length() / 2;
        }, 10, 6);
        assertThat(counts.of("abcd")).isEqualTo(2);
        assertThat(counts.of("abcd")).isEqualTo(2);
        assertThat(counted).containsExactly("abcd");
        assertThat(counts.of("abcdef")).isEqualTo(3); // 4 + 6 chars: at the budget
        assertThat(counts.size()).isEqualTo(2);
        assertThat(counts.of("xy")).isEqualTo(1); // over it: started afresh with this text
        assertThat(counts.size()).isEqualTo(1);
        assertThat(counts.of("abcd")).isEqualTo(2);
        assertThat(counted).containsExactly("abcd", "abcdef", "xy", "abcd");
        assertThat(counts.of("longer text")).isEqualTo(5); // longer than a text may be: counted, not held
        assertThat(counts.of("longer text")).isEqualTo(5);
        assertThat(counted).endsWith("longer text", "longer text");
    }
}
