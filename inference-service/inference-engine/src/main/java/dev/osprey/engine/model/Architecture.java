package dev.osprey.engine.model;

/**
 * What distinguishes one supported {@code general.architecture} from another. All current
 * architectures share the pre-norm block (RMSNorm → GQA attention with RoPE → residual → RMSNorm →
 * SwiGLU → residual); they differ in the settings here.
 *
 * @param name            the GGUF {@code general.architecture} value, also the metadata key prefix
 * @param ropeType        rotation pairing
 * @param qkvBiasRequired q/k/v projections must carry biases (Qwen2); otherwise biases are used when present
 */
public record Architecture(String name, RopeType ropeType, boolean qkvBiasRequired) {

    /** The metadata key {@code <name>.<suffix>}, as llama.cpp writes it. */
    public String key(String suffix) {
        return name + "." + suffix;
    }
}
