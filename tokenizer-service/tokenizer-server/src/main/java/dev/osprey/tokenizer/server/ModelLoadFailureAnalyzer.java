package dev.osprey.tokenizer.server;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Turns a model that failed to load at startup into a short report naming the model, the file and the fix. */
final class ModelLoadFailureAnalyzer extends AbstractFailureAnalyzer<ModelLoadException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, ModelLoadException cause) {
        return new FailureAnalysis(
                cause.getMessage(),
                "Check osprey.tokenizer.models." + cause.model() + ": it must name a readable GGUF file or Hugging Face"
                        + " tokenizer.json. Remove osprey.tokenizer.models to serve the bundled '"
                        + BundledVocabulary.MODEL_NAME + "' vocabulary instead.",
                cause);
    }
}
