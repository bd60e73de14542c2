package dev.osprey.engine.model;

/**
 * What distinguishes one supported {@code general.architecture} from another: RoPE's pairing and the block's wiring.
 *
 * @param name     the GGUF {@code general.architecture} value, also the metadata key prefix
 * @param ropeType rotation pairing
 * @param block    norms, feed-forward, q/k norms and required biases
 */
public record Architecture(String name, RopeType ropeType, BlockShape block) {

    /** The metadata key {@code <name>.<suffix>}, as llama.cpp writes it. */
    public String key(String suffix) {
        return name + "." + suffix;
    }
}
