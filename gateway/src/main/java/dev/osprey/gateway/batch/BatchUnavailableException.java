package dev.osprey.gateway.batch;

/** The queue cannot accept work now (broker unreachable, producer closed); the REST answer is 503. */
public final class BatchUnavailableException extends RuntimeException {

    public BatchUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
