/**
 * Reference quantizers: float32 to ggml block bytes for F32, F16, BF16, Q8_0, Q4_0, Q4_1, Q5_0, Q5_1,
 * IQ4_NL, Q2_K, Q3_K, Q4_K, Q5_K, Q6_K, IQ4_XS and Q8_K, bit-identical to ggml's {@code quantize_row_*_ref}
 * (for IQ4_NL and IQ4_XS, {@code quantize_iq4_nl} / {@code quantize_iq4_xs} without an importance matrix)
 * as llama.cpp's x86-64 builds run them (so to {@code llama-quantize --pure} without an importance
 * matrix). {@code QuantizerGoldenTest} holds them to the testkit's ggml-made model files. Scalar and
 * written for exactness, not speed.
 */
package dev.osprey.engine.tensor.quant;
