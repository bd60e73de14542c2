package dev.osprey.standalone.load;

import java.time.Duration;

/**
 * A load run: {@code clients} concurrent streaming clients for {@code duration}, each sending chat
 * completions of up to {@code maxTokens} one after another; {@code limitedClients} of them use a key
 * limited to {@code limitedRpm} requests per minute, so 429s are expected from them (and only them).
 * The first {@code warmup} runs the same load unmeasured (the JIT compiles the hot paths), so the
 * gateway's overhead percentiles, which cover about the last minute, describe the measured part.
 */
public record LoadOptions(int clients, Duration warmup, Duration duration, int maxTokens, int limitedClients,
                          int limitedRpm) {

    public LoadOptions {
        if (clients < 1 || limitedClients < 0 || limitedClients > clients || maxTokens < 1 || limitedRpm < 1) {
            throw new IllegalArgumentException("need clients >= 1, 0 <= limited clients <= clients, max tokens >= 1, rpm >= 1");
        }
    }
}
