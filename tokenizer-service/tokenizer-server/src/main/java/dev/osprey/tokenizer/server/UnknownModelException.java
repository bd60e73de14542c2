package dev.osprey.tokenizer.server;

import java.util.List;

/** A request named a model this server does not serve; the message lists the ones it does. */
public final class UnknownModelException extends RuntimeException {
    public UnknownModelException(String requested, List<String> available) {
        super("unknown model '" + requested + "'; this server serves " + String.join(", ", available));
    }
}
