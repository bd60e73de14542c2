package dev.osprey.engine.model;

import dev.osprey.engine.tensor.Weights;
import java.util.List;

/**
 * All parameters of a model, bound to kernels.
 *
 * @param tokenEmbedding [vocab][dim]; row t is token t's embedding
 * @param layers         the blocks, input to output
 * @param outputNorm     [dim] final RMSNorm gain
 * @param output         [vocab][dim] logits projection; the same object as tokenEmbedding when tied
 */
public record ModelWeights(Weights tokenEmbedding, List<LayerWeights> layers, float[] outputNorm, Weights output) {

    public ModelWeights {
        layers = List.copyOf(layers);
    }

    public boolean tiedOutput() {
        return output == tokenEmbedding;
    }
}
