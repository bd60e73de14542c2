package dev.osprey.engine.sampling;

/** Why a sequence stopped generating; the OpenAI {@code finish_reason} is the lower-case name. */
public enum FinishReason {
    /** An end-of-sequence token, a stop token id or a stop string. */
    STOP,
    /** {@code max_tokens} generated, or the context window is full. */
    LENGTH,
    /** The client cancelled the request. */
    CANCELLED,
    /** The request's deadline passed before it finished. */
    DEADLINE,
    /** The engine failed while running the request; the outcome carries the message. */
    ERROR
}
