package dev.osprey.tokenizer.classes;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * How one grammar's node types map to {@link NodeRole}s and {@link TokenClass}es. Named node types not listed are
 * {@link NodeRole#STRUCTURE}; anonymous node types not listed are classified by their text
 * ({@link #anonymousClass}).
 *
 * @param named         rules for named node types, by type name
 * @param anonymous     class overrides for anonymous node types, by their text
 * @param reservedWords the words {@link NodeRole#RESERVED_WORD_OR_IDENTIFIER} nodes are checked against
 */
record NodeTypeRules(Map<String, Rule> named, Map<String, TokenClass> anonymous, Set<String> reservedWords) {

    /** A role with the class it paints ({@link TokenClass#OTHER} where the role paints no fixed class). */
    record Rule(NodeRole role, TokenClass tokenClass) {
    }

    private static final String PUNCTUATION_CHARS = "()[]{},;";

    NodeTypeRules {
        named = Map.copyOf(named);
        anonymous = Map.copyOf(anonymous);
        reservedWords = Set.copyOf(reservedWords);
    }

    /** The rule for a named node type; {@link NodeRole#STRUCTURE} if none is listed. */
    Rule namedRule(String type) {
        return named.getOrDefault(type, new Rule(NodeRole.STRUCTURE, TokenClass.OTHER));
    }

    /**
     * The class of an anonymous node (a fixed token of the grammar) from its text, unless overridden: blank text
     * (a newline token) and a line-continuation backslash are WHITESPACE, text with a letter ({@code class},
     * {@code #include}, {@code non-sealed}) is KEYWORD, brackets, commas and semicolons are PUNCTUATION, anything
     * else is OPERATOR.
     */
    TokenClass anonymousClass(String text) {
        TokenClass override = anonymous.get(text);
        if (override != null) {
            return override;
        }
        if (text.isBlank() || text.equals("\\")) {
            return TokenClass.WHITESPACE;
        }
        if (text.chars().anyMatch(Character::isLetter)) {
            return TokenClass.KEYWORD;
        }
        if (text.chars().allMatch(c -> PUNCTUATION_CHARS.indexOf(c) >= 0)) {
            return TokenClass.PUNCTUATION;
        }
        return TokenClass.OPERATOR;
    }

    static Builder builder() {
        return new Builder();
    }

    /** Collects rules; a type listed twice keeps its last rule. */
    static final class Builder {
        private final Map<String, Rule> named = new HashMap<>();
        private final Map<String, TokenClass> anonymous = new HashMap<>();
        private Set<String> reservedWords = Set.of();

        Builder tokens(TokenClass tokenClass, String... types) {
            return put(NodeRole.TOKEN, tokenClass, types);
        }

        Builder literals(String... types) {
            return put(NodeRole.LITERAL, TokenClass.STRING_LITERAL, types);
        }

        Builder islands(String... types) {
            return put(NodeRole.ISLAND, TokenClass.OTHER, types);
        }

        Builder injections(String... types) {
            return put(NodeRole.INJECTION, TokenClass.OTHER, types);
        }

        Builder suffixes(String... types) {
            return put(NodeRole.SUFFIX, TokenClass.OTHER, types);
        }

        /** Types whose text is checked against {@code words}: KEYWORD if listed, else IDENTIFIER. */
        Builder reservedWordsOrIdentifiers(Set<String> words, String... types) {
            this.reservedWords = words;
            return put(NodeRole.RESERVED_WORD_OR_IDENTIFIER, TokenClass.KEYWORD, types);
        }

        Builder anonymous(TokenClass tokenClass, String... texts) {
            for (String text : texts) {
                anonymous.put(text, tokenClass);
            }
            return this;
        }

        private Builder put(NodeRole role, TokenClass tokenClass, String... types) {
            for (String type : types) {
                named.put(type, new Rule(role, tokenClass));
            }
            return this;
        }

        NodeTypeRules build() {
            named.putIfAbsent("ERROR", new Rule(NodeRole.ERROR, TokenClass.OTHER));
            return new NodeTypeRules(named, anonymous, reservedWords);
        }
    }
}
