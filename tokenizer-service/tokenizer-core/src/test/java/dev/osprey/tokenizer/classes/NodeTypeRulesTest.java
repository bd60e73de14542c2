package dev.osprey.tokenizer.classes;

import static dev.osprey.tokenizer.classes.TokenClass.KEYWORD;
import static dev.osprey.tokenizer.classes.TokenClass.OPERATOR;
import static dev.osprey.tokenizer.classes.TokenClass.PUNCTUATION;
import static dev.osprey.tokenizer.classes.TokenClass.WHITESPACE;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

class NodeTypeRulesTest {
    private final NodeTypeRules plain = NodeTypeRules.builder().build();

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "class | KEYWORD", "#include | KEYWORD", "non-sealed | KEYWORD", "macro_rules! | KEYWORD", "is not | KEYWORD",
        "( | PUNCTUATION", "} | PUNCTUATION", "; | PUNCTUATION", ", | PUNCTUATION", "[] | PUNCTUATION",
        ":: | OPERATOR", ". | OPERATOR", "-> | OPERATOR", ">>>= | OPERATOR", "@ | OPERATOR", "${ | OPERATOR",
        "`\\` | WHITESPACE", "` ` | WHITESPACE"
    })
    void anonymousNodesAreClassifiedByTheirText(String text, TokenClass expected) {
        assertThat(plain.anonymousClass(text)).isEqualTo(expected);
    }

    @Test
    void blankAnonymousNodesSuchAsPreprocessorLineEndsAreWhitespace() {
        assertThat(plain.anonymousClass("\n")).isEqualTo(WHITESPACE);
        assertThat(plain.anonymousClass("")).isEqualTo(WHITESPACE);
    }

    @Test
    void overridesWinAndUnlistedNamedTypesAreStructure() {
        NodeTypeRules rules = NodeTypeRules.builder()
                .anonymous(PUNCTUATION, "@")
                .tokens(KEYWORD, "this")
                .build();
        assertThat(rules.anonymousClass("@")).isEqualTo(PUNCTUATION);
        assertThat(rules.anonymousClass("&")).isEqualTo(OPERATOR);
        assertThat(rules.namedRule("this")).isEqualTo(new NodeTypeRules.Rule(NodeRole.TOKEN, KEYWORD));
        assertThat(rules.namedRule("class_body").role()).isEqualTo(NodeRole.STRUCTURE);
        assertThat(rules.namedRule("ERROR").role()).isEqualTo(NodeRole.ERROR);
    }

    /** Catches typos and node types a grammar upgrade renamed: a rule for a missing type silently does nothing. */
    @ParameterizedTest
    @EnumSource(SourceLanguage.class)
    void everyNodeTypeTheRulesNameExistsInTheGrammar(SourceLanguage language) {
        GrammarSymbols symbols = new JniSyntaxBackend().symbols(language);
        Set<String> named = new HashSet<>();
        Set<String> anonymous = new HashSet<>();
        for (int symbol = 0; symbol < symbols.count(); symbol++) {
            (symbols.named().get(symbol) ? named : anonymous).add(symbols.names().get(symbol));
        }
        NodeTypeRules rules = LanguageNodeRules.of(language);
        Set<String> listed = new HashSet<>(rules.named().keySet());
        listed.remove("ERROR"); // a built-in symbol outside the table
        assertThat(named).containsAll(listed);
        assertThat(anonymous).containsAll(rules.anonymous().keySet());
    }
}
