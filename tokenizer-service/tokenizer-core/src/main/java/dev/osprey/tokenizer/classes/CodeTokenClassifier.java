package dev.osprey.tokenizer.classes;

import dev.osprey.tokenizer.Encoding;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Annotates tokens of source code with their syntactic {@link TokenClass}es, from a tree-sitter parse of the
 * source (the "hybrid tokenizer": BPE tokens, parser classes).
 *
 * <p>The source is parsed as a whole and every byte of its UTF-8 encoding gets a class ({@link #classifyBytes});
 * a token's classes are those of the bytes its span covers. Syntax errors never throw: what the parser recognises
 * is classified, unexpected characters are {@link TokenClass#OTHER}.
 *
 * <p>Thread-safe: each call parses with its own native parser and frees the tree before returning.
 */
public final class CodeTokenClassifier {
    private final SyntaxBackend backend;
    private final Map<SourceLanguage, SymbolRoles> roles = new EnumMap<>(SourceLanguage.class); // guarded by itself

    /**
     * A classifier on the default tree-sitter backend (FFM, or JNI where FFM cannot start; the
     * {@value SyntaxBackends#PROPERTY} system property forces one).
     */
    public CodeTokenClassifier() {
        this(SyntaxBackends.select());
    }

    CodeTokenClassifier(SyntaxBackend backend) {
        this.backend = backend;
    }

    /**
     * The classes of each token of {@code encoding}, a tokenization of {@code source}: element {@code i} lists the
     * distinct classes of the bytes in {@code [starts[i], ends[i])} in order of first appearance. A token of
     * {@code " foo"} gets {@code [WHITESPACE, IDENTIFIER]}, a token inside a comment {@code [COMMENT]}, a token
     * with an empty span (BOS) an empty list. The lists are immutable.
     *
     * @throws IllegalArgumentException if a span is not within the UTF-8 bytes of {@code source}
     */
    public List<List<TokenClass>> classify(String source, SourceLanguage language, Encoding encoding) {
        Objects.requireNonNull(encoding, "encoding");
        ByteClassMap map = classifyBytes(source, language);
        int[] starts = encoding.starts();
        int[] ends = encoding.ends();
        List<List<TokenClass>> classes = new ArrayList<>(encoding.size());
        for (int i = 0; i < encoding.size(); i++) {
            if (starts[i] < 0 || starts[i] > ends[i] || ends[i] > map.length()) {
                throw new IllegalArgumentException("token " + i + " has span [" + starts[i] + ", " + ends[i]
                        + ") outside the source's " + map.length() + " UTF-8 bytes");
            }
            classes.add(map.classesIn(starts[i], ends[i]));
        }
        return List.copyOf(classes);
    }

    /** The class of every byte of {@code source}'s UTF-8 encoding (unpaired surrogates encode as {@code ?}). */
    public ByteClassMap classifyBytes(String source, SourceLanguage language) {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(language, "language");
        byte[] utf8 = source.getBytes(StandardCharsets.UTF_8);
        return new ByteClassMap(ByteClassPainter.paint(backend, language, roles(language), utf8));
    }

    /** Name of the tree-sitter backend in use: {@code ffm} or {@code jni}. */
    String backendName() {
        return backend.name();
    }

    private SymbolRoles roles(SourceLanguage language) {
        synchronized (roles) {
            return roles.computeIfAbsent(language,
                    l -> SymbolRoles.compile(backend.symbols(l), LanguageNodeRules.of(l)));
        }
    }
}
