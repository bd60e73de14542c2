package dev.osprey.engine.model;

import dev.osprey.engine.tensor.Weights;
import java.util.List;

/**
 * All parameters of a model, bound to kernels.
 *
 * @param tokenEmbedding [vocab][dim]; row t is token t's embedding
 * @param layers         the blocks, input to output
 * @param outputNorm     [dim] final norm gain
 * @param outputNormBias [dim] final norm bias (LayerNorm), or null
 * @param output         [vocab][dim] logits projection; the same object as tokenEmbedding when tied
 */
public record ModelWeights(Weights tokenEmbedding, List<LayerWeights> layers, float[] outputNorm,
                           float[] outputNormBias, Weights output) {

    public ModelWeights {
        layers = List.copyOf(layers);
    }

    public boolean tiedOutput() {
        return output == tokenEmbedding;
    }
}
