package dev.osprey.engine.tensor.nativecpu;

import java.util.Locale;

/**
 * A variant of the native kernels: the suffix of its symbols in the library and the CPU feature bits
 * ({@code osprey_cpu_features()}, see {@code osprey_kernels.h}) it needs.
 */
public enum InstructionSet {
    /** Portable C: the native side's own reference, used in tests and when forced. */
    REFERENCE("ref", "reference", 0),
    AVX2("avx2", "avx2", Bits.AVX2 | Bits.FMA | Bits.F16C),
    /** AVX2 with 256-bit VNNI (Intel since Alder Lake, AMD since Zen 4): vpdpbusd without AVX-512. */
    AVX_VNNI("avxvnni", "avx-vnni", Bits.AVX2 | Bits.FMA | Bits.F16C | Bits.AVXVNNI),
    AVX512_VNNI("avx512vnni", "avx512-vnni",
            Bits.AVX2 | Bits.FMA | Bits.F16C | Bits.AVX512F | Bits.AVX512BW | Bits.AVX512VL | Bits.AVX512VNNI);

    private final String suffix;
    private final String label;
    private final int required;

    InstructionSet(String suffix, String label, int required) {
        this.suffix = suffix;
        this.label = label;
        this.required = required;
    }

    /** The symbol of {@code family} for this variant, e.g. {@code osprey_matmul_q8_0_avx2}. */
    String symbol(String family) {
        return "osprey_" + family + "_" + suffix;
    }

    /** Whether a CPU reporting {@code features} runs this variant. */
    public boolean runsOn(int features) {
        return (features & required) == required;
    }

    /** The fastest SIMD variant the CPU runs, or null if it has none (the reference is never picked). */
    static InstructionSet best(int features) {
        for (InstructionSet s : new InstructionSet[] {AVX512_VNNI, AVX_VNNI, AVX2}) {
            if (s.runsOn(features)) {
                return s;
            }
        }
        return null;
    }

    /** By log label or symbol suffix ({@code avx512-vnni}, {@code avx512vnni}, {@code avx2}, {@code ref}). */
    static InstructionSet named(String name) {
        String n = name.trim().toLowerCase(Locale.ROOT);
        for (InstructionSet s : values()) {
            if (s.suffix.equals(n) || s.label.equals(n)) {
                return s;
            }
        }
        throw new IllegalArgumentException("no native instruction set '" + name + "' (expected avx512-vnni, avx-vnni, avx2 or ref)");
    }

    @Override
    public String toString() {
        return label;
    }

    /** Feature bits, as in {@code osprey_kernels.h}. */
    static final class Bits {
        static final int AVX2 = 1;
        static final int FMA = 2;
        static final int F16C = 4;
        static final int AVX512F = 8;
        static final int AVX512BW = 16;
        static final int AVX512VL = 32;
        static final int AVX512VNNI = 64;
        static final int AVXVNNI = 128;

        private Bits() {
        }
    }
}
