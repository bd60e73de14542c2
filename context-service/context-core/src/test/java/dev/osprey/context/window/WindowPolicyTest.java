package dev.osprey.context.window;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WindowPolicyTest {
    private final WindowPolicy policy = new WindowPolicy(WindowTiers.defaults());

    @Test
    void smallRequestsGetTheSmallestTierThatHoldsThemAndOutputIsReserved() {
        Window w = policy.choose(Task.INFILL, 32768, 128, 500, 20);
        assertThat(w.totalTokens()).isEqualTo(1024);
        assertThat(w.outputTokens()).isEqualTo(128);
        assertThat(w.inputBudget()).isEqualTo(896);
        assertThat(policy.choose(Task.INFILL, 32768, 128, 1000, 20).totalTokens()).isEqualTo(2048);
    }

    @Test
    void theTaskDecidesHowLargeAWindowMayGrow() {
        assertThat(policy.choose(Task.INFILL, 131072, 256, 100_000, 50).totalTokens()).isEqualTo(4096);
        assertThat(policy.choose(Task.CHAT, 131072, 256, 100_000, 50).totalTokens()).isEqualTo(8192);
        Window repo = policy.choose(Task.REPOSITORY_CHAT, 131072, 256, 100_000, 50);
        assertThat(repo.totalTokens()).isEqualTo(32768);
        assertThat(repo.reason()).contains("largest");
    }

    @Test
    void theModelsContextCapsTheWindow() {
        Window w = policy.choose(Task.REPOSITORY_CHAT, 4096, 512, 20_000, 100);
        assertThat(w.totalTokens()).isEqualTo(4096);
        assertThat(w.inputBudget()).isEqualTo(3584);
        assertThat(w.reason()).contains("capped");
    }

    @Test
    void aRequiredPromptLargerThanTheTierGrowsTheWindowUpToTheContext() {
        Window w = policy.choose(Task.INFILL, 32768, 100, 6000, 6000);
        assertThat(w.totalTokens()).isEqualTo(6100);
        assertThat(w.inputBudget()).isEqualTo(6000);
    }

    @Test
    void outputPlusRequiredPromptBeyondTheContextIsRefused() {
        assertThatThrownBy(() -> policy.choose(Task.CHAT, 4096, 4000, 200, 200))
                .isInstanceOf(ContextOverflowException.class).hasMessageContaining("4096");
        assertThatThrownBy(() -> policy.choose(Task.CHAT, 4096, 0, 200, 200))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("max output tokens");
    }

    @Test
    void tiersMustBeAscendingAndCoverEveryTask() {
        assertThatThrownBy(() -> new WindowTiers(Map.of(Task.INFILL, List.of(2048, 1024), Task.CHAT, List.of(1),
                Task.REPOSITORY_CHAT, List.of(1)))).hasMessageContaining("ascending");
        assertThatThrownBy(() -> new WindowTiers(Map.of(Task.INFILL, List.of(1024)))).hasMessageContaining("missing");
    }
}
