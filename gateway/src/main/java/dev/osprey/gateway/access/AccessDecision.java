package dev.osprey.gateway.access;

/** What {@link AccessPolicy#check} decided. */
public sealed interface AccessDecision {

    /** Every request must present a configured API key. */
    record KeysRequired() implements AccessDecision {}

    /** No keys and a loopback address: requests are served without a key; {@code note} is for the log. */
    record Open(String note) implements AccessDecision {}

    /** The configuration is unsafe; the server must not start. {@code message} says why and how to fix it. */
    record Refused(String message) implements AccessDecision {}

    /**
     * Throws for {@link Refused}, for a startup path that should fail fast.
     *
     * @throws IllegalStateException with the refusal's message
     */
    default AccessDecision orThrow() {
        if (this instanceof Refused(String message)) {
            throw new IllegalStateException(message);
        }
        return this;
    }
}
