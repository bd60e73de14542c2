package dev.osprey.context.server;

import dev.osprey.context.plan.PromptPlan;
import dev.osprey.context.window.Task;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.function.Supplier;

/**
 * The context service's meters (names from DESIGN.md): {@code osprey.context.window.tokens}, the window
 * chosen per plan and the prompt tokens it holds (tags {@code model}, {@code task}, {@code part}), and
 * {@code osprey.context.retrieval}, the time of each repository retrieval (tag {@code use}: search, chat
 * or infill). Thread-safe.
 */
public final class ContextMetrics {
    private final MeterRegistry registry;

    public ContextMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    PromptPlan planned(String model, Task task, PromptPlan plan) {
        window(model, task, "window").record(plan.window().totalTokens());
        window(model, task, "prompt").record(plan.tokenIds().length);
        return plan;
    }

    <T> T retrieval(String use, Supplier<T> retrieve) {
        return Timer.builder("osprey.context.retrieval").description("One repository retrieval")
                .tag("use", use).register(registry).record(retrieve);
    }

    private DistributionSummary window(String model, Task task, String part) {
        return DistributionSummary.builder("osprey.context.window.tokens")
                .description("Tokens of the window chosen per plan (part=window) and of the prompt sent (part=prompt)")
                .baseUnit("tokens").tag("model", model).tag("task", task.name().toLowerCase(java.util.Locale.ROOT))
                .tag("part", part).register(registry);
    }
}
