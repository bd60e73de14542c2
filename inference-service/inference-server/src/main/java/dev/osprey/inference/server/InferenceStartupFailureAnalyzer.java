package dev.osprey.inference.server;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Turns a model that failed to load, or a KV budget that holds no block, into a short report and the fix. */
final class InferenceStartupFailureAnalyzer extends AbstractFailureAnalyzer<InferenceStartupException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, InferenceStartupException cause) {
        return new FailureAnalysis(cause.getMessage(), cause.action(), cause);
    }
}
