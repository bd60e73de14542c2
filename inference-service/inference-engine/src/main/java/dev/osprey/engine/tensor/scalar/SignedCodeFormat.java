package dev.osprey.engine.tensor.scalar;

import java.lang.foreign.MemorySegment;

/**
 * A 32-element block format whose element {@code i} is {@code d * code[i]}: one f16 {@code d} at the
 * start of the block and a signed 8-bit code per element (Q4_0's {@code q - 8}, Q5_0's {@code q - 16},
 * IQ4_NL's grid values). Such a block says exactly what a Q8_0 block with the same {@code d} says, so
 * kernels written for Q8_0 run these types after a lossless recoding.
 */
public interface SignedCodeFormat extends BlockFormat {

    /** Writes the 32 codes of the block at byte {@code block} of {@code data} to {@code codes[0..32)}. */
    void codes(MemorySegment data, long block, byte[] codes);
}
