package dev.osprey.gateway.access;

/**
 * What {@link KeyRegistry#authenticate} concluded from an {@code Authorization} header. Every failure
 * carries the message for the 401 body (OpenAI's {@code invalid_request_error} / {@code invalid_api_key}).
 */
public sealed interface AuthResult {

    /** The header names a configured key. */
    record Authenticated(ApiKey key) implements AuthResult {}

    /** No {@code Authorization} header, or an empty one. */
    record MissingHeader() implements AuthResult {
        public String message() {
            return "You didn't provide an API key. You need to provide your API key in an Authorization header "
                    + "using Bearer auth (i.e. Authorization: Bearer YOUR_KEY).";
        }
    }

    /** A header that is not {@code Bearer <key>}; {@code reason} says what is wrong with it. */
    record MalformedHeader(String reason) implements AuthResult {
        public String message() {
            return "Malformed Authorization header: " + reason
                    + ". Expected Authorization: Bearer YOUR_KEY.";
        }
    }

    /** A well-formed header whose key is not configured; {@code maskedKey} shows only its ends. */
    record UnknownKey(String maskedKey) implements AuthResult {
        public String message() {
            return "Incorrect API key provided: " + maskedKey + ".";
        }
    }

    default boolean isAuthenticated() {
        return this instanceof Authenticated;
    }
}
