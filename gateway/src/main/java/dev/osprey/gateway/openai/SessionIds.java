package dev.osprey.gateway.openai;

/**
 * Session ids as the context service stores them: 1 to {@value #MAX_LENGTH} ASCII letters, digits,
 * '.', '_' or '-'.
 */
public final class SessionIds {
    public static final int MAX_LENGTH = 128;

    private SessionIds() {}

    /** @throws ApiException (400, naming {@code param}) for an id outside the rule above */
    public static String requireValid(String param, String id) {
        if (id.isEmpty()) {
            throw ApiException.invalidRequest(param, "invalid_value", "Invalid '" + param
                    + "': empty string. Leave it out to start no session, or give 1 to " + MAX_LENGTH + " characters.");
        }
        if (id.length() > MAX_LENGTH) {
            throw ApiException.invalidRequest(param, "invalid_value", "Invalid '" + param + "': " + id.length()
                    + " characters, above the maximum of " + MAX_LENGTH + ".");
        }
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '.' || c == '_'
                    || c == '-')) {
                throw ApiException.invalidRequest(param, "invalid_value", "Invalid '" + param + "': character "
                        + (Character.isISOControl(c) ? String.format("U+%04X", (int) c) : "'" + c + "'")
                        + " at position " + i + "; use only letters, digits, '.', '_' and '-'.");
            }
        }
        return id;
    }
}
