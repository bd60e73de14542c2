/**
 * Synthetic models: real models' shapes ({@link dev.osprey.engine.synthetic.SyntheticModel} presets)
 * with seeded random weights, written as GGUF files llama.cpp and Osprey both load, for benchmarks and
 * tests that need a model of realistic size but not its outputs. {@code NAME:TYPE} specs name them;
 * {@link dev.osprey.engine.synthetic.SyntheticModelCache} writes each file once.
 */
package dev.osprey.engine.synthetic;
