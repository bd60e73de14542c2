package dev.osprey.engine.tensor.quant;

import dev.osprey.gguf.GgmlType;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The reference quantizer of each ggml type that has one. */
public final class Quantizers {
    private static final Map<GgmlType, Quantizer> BY_TYPE = new EnumMap<>(GgmlType.class);

    static {
        for (Quantizer q : new Quantizer[] {new F32Quantizer(), new F16Quantizer(), new Bf16Quantizer(),
                new Q8_0Quantizer(), new Q4_0Quantizer(), new Q4_KQuantizer(), new Q5_KQuantizer(),
                new Q6_KQuantizer(), new Q8_KQuantizer(),
                new Q4_1Quantizer(), new Q5_0Quantizer(), new Q5_1Quantizer(), new IQ4_NLQuantizer(),
                new Q2_KQuantizer(), new Q3_KQuantizer(), new IQ4_XSQuantizer()}) {
            BY_TYPE.put(q.type(), q);
        }
    }

    private Quantizers() {
    }

    /** Every type that has a reference quantizer. */
    public static Set<GgmlType> supportedTypes() {
        return Collections.unmodifiableSet(BY_TYPE.keySet());
    }

    public static Optional<Quantizer> find(GgmlType type) {
        return Optional.ofNullable(BY_TYPE.get(type));
    }

    /** @throws IllegalArgumentException if there is no quantizer for {@code type} */
    public static Quantizer of(GgmlType type) {
        Quantizer q = BY_TYPE.get(type);
        if (q == null) {
            throw new IllegalArgumentException("no reference quantizer for " + type + "; there are for "
                    + BY_TYPE.keySet());
        }
        return q;
    }
}
