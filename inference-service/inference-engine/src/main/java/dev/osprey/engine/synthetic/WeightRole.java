package dev.osprey.engine.synthetic;

/** What a 2-D weight is for, as llama-quantize's type rules see it ({@code tensor_category}). */
public enum WeightRole {
    TOKEN_EMBD, OUTPUT, ATTN_Q, ATTN_K, ATTN_V, ATTN_OUTPUT, FFN_GATE, FFN_UP, FFN_DOWN
}
