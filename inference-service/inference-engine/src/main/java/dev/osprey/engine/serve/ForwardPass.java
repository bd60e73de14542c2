package dev.osprey.engine.serve;

import dev.osprey.engine.Model;
import dev.osprey.engine.forward.ForwardBatch;

/**
 * How an {@link InferenceEngine} runs one step's forward pass: {@link Model#forward(ForwardBatch)} in
 * production. It is the engine's one injection point: tests wrap it to make a step fail or to corrupt a
 * logits row, and see how the engine contains the failure.
 */
@FunctionalInterface
public interface ForwardPass {

    /**
     * Runs {@code batch}; called on the engine thread only.
     *
     * @return logits {@code [batch.outputs().length][vocab]}
     */
    float[] forward(ForwardBatch batch);
}
