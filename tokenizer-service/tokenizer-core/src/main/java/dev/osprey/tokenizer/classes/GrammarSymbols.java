package dev.osprey.tokenizer.classes;

import java.util.List;

/**
 * The node types of one grammar, indexed by symbol id.
 *
 * @param names (symbolCount) node type names: {@code "identifier"} for named nodes, the literal text such as
 *              {@code "class"} or {@code "+="} for anonymous ones
 * @param named (symbolCount) whether the node type is named; hidden and auxiliary symbols count as named, they are
 *              never seen in a walk
 */
record GrammarSymbols(List<String> names, List<Boolean> named) {
    GrammarSymbols {
        if (names.size() != named.size()) {
            throw new IllegalArgumentException("names and named differ in length: " + names.size() + ", " + named.size());
        }
        names = List.copyOf(names);
        named = List.copyOf(named);
    }

    int count() {
        return names.size();
    }
}
