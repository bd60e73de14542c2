package dev.osprey.internalauth;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Prints the refusal of an unauthenticated listener as one line instead of a stack trace. */
public final class InsecureListenerFailureAnalyzer extends AbstractFailureAnalyzer<InsecureListenerException> {
    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, InsecureListenerException cause) {
        return new FailureAnalysis(cause.getMessage(),
                "Configure a service token or mutual TLS, or bind the service to loopback.", cause);
    }
}
