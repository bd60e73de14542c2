package dev.osprey.tokenizer.classes;

import java.util.Set;

/**
 * {@link NodeTypeRules} compiled against one grammar's symbol table, so that the walk looks roles up by symbol id.
 * Immutable.
 */
final class SymbolRoles {
    private static final NodeRole[] ROLES = NodeRole.values();

    private final byte[] roles;   // (symbolCount) NodeRole ordinals
    private final byte[] classes; // (symbolCount) TokenClass ordinals: the class TOKEN and LITERAL nodes paint
    private final Set<String> reservedWords;

    private SymbolRoles(byte[] roles, byte[] classes, Set<String> reservedWords) {
        this.roles = roles;
        this.classes = classes;
        this.reservedWords = reservedWords;
    }

    static SymbolRoles compile(GrammarSymbols symbols, NodeTypeRules rules) {
        int count = symbols.count();
        byte[] roles = new byte[count];
        byte[] classes = new byte[count];
        for (int symbol = 0; symbol < count; symbol++) {
            String name = symbols.names().get(symbol);
            NodeTypeRules.Rule rule = symbols.named().get(symbol)
                    ? rules.namedRule(name)
                    : new NodeTypeRules.Rule(NodeRole.TOKEN, rules.anonymousClass(name));
            roles[symbol] = (byte) rule.role().ordinal();
            classes[symbol] = (byte) rule.tokenClass().ordinal();
        }
        return new SymbolRoles(roles, classes, rules.reservedWords());
    }

    /** The role of nodes with this symbol; ERROR for {@link SyntaxCursor#ERROR_SYMBOL}, STRUCTURE for unknown ids. */
    NodeRole role(int symbol) {
        if (symbol < roles.length) {
            return ROLES[roles[symbol]];
        }
        return symbol == SyntaxCursor.ERROR_SYMBOL ? NodeRole.ERROR : NodeRole.STRUCTURE;
    }

    /** The class a {@link NodeRole#TOKEN} or {@link NodeRole#LITERAL} node of this symbol paints, as an ordinal. */
    byte classOrdinal(int symbol) {
        return symbol < classes.length ? classes[symbol] : (byte) TokenClass.OTHER.ordinal();
    }

    /** Whether {@code word} is one of the language's reserved words ({@link NodeRole#RESERVED_WORD_OR_IDENTIFIER}). */
    boolean isReservedWord(String word) {
        return reservedWords.contains(word);
    }
}
