/**
 * Reference quantizers: float32 to ggml block bytes for F32, F16, BF16, Q8_0, Q4_0, Q2_K, Q3_K, Q4_K,
 * Q5_K, Q6_K, IQ4_XS and Q8_K, bit-identical to ggml's {@code quantize_row_*_ref} as llama.cpp's x86-64 builds run them
 * (so to {@code llama-quantize --pure} without an importance matrix). {@code QuantizerGoldenTest}
 * holds them to the testkit's ggml-made model files. Scalar and written for exactness, not speed.
 */
package dev.osprey.engine.tensor.quant;
