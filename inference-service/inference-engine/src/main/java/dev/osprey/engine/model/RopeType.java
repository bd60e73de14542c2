package dev.osprey.engine.model;

/** Which pairs of a head's dimensions RoPE rotates together. */
public enum RopeType {
    /** Adjacent pairs (2i, 2i+1): llama.cpp's LLAMA_ROPE_TYPE_NORM (Llama and friends). */
    NORM,
    /** The two halves (i, i + n/2): LLAMA_ROPE_TYPE_NEOX (Qwen2, StarCoder2, GPT-NeoX). */
    NEOX
}
