package dev.osprey.context.server;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Turns a startup failure of the context service into a short report and the setting to change. */
final class ContextStartupFailureAnalyzer extends AbstractFailureAnalyzer<ContextStartupException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, ContextStartupException cause) {
        return new FailureAnalysis(cause.getMessage(), cause.action(), cause);
    }
}
