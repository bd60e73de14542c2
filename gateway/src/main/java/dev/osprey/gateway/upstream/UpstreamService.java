package dev.osprey.gateway.upstream;

/** The internal services the gateway calls, named as its error messages name them. */
public enum UpstreamService {
    TOKENIZER("tokenizer"),
    CONTEXT("context"),
    INFERENCE("inference");

    private final String label;

    UpstreamService(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
