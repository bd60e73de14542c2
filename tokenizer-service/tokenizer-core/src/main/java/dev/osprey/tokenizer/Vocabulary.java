package dev.osprey.tokenizer;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * An immutable vocabulary: token strings (as stored: byte-level alphabet for gpt2, "▁" for llama),
 * scores, types, merges and the special-token ids, from GGUF metadata or a tokenizer.json.
 */
public final class Vocabulary {

    /** Roles of special tokens. A vocabulary has at most one id per role. */
    public enum Role { BOS, EOS, EOT, EOM, UNK, PAD, SEP, MASK, FIM_PREFIX, FIM_SUFFIX, FIM_MIDDLE, FIM_PAD, FIM_REPO, FIM_SEP }

    private final TokenizerModel model;
    private final String preTokenizer;
    private final List<String> tokens;
    private final float[] scores;
    private final TokenType[] types;
    private final int[] attributes;
    private final List<String> merges;
    private final Map<Role, Integer> roles;
    private final boolean addBos;
    private final boolean addEos;
    private final boolean addSpacePrefix;
    private final boolean ignoreMerges;
    private final String chatTemplate;
    private final Map<String, Integer> idsByToken;

    private Vocabulary(Builder b) {
        this.model = Objects.requireNonNull(b.model, "model");
        this.preTokenizer = b.preTokenizer == null ? "default" : b.preTokenizer;
        this.tokens = List.copyOf(b.tokens);
        int n = tokens.size();
        this.scores = b.scores == null ? new float[n] : b.scores.clone();
        this.types = b.types == null ? filled(n) : b.types.clone();
        this.attributes = b.attributes == null ? attributesOf(types) : b.attributes.clone();
        if (scores.length != n || types.length != n || attributes.length != n) {
            throw new IllegalArgumentException("vocabulary has " + n + " tokens but " + scores.length
                    + " scores, " + types.length + " token types and " + attributes.length + " attribute sets");
        }
        this.merges = List.copyOf(b.merges);
        this.roles = Collections.unmodifiableMap(new EnumMap<>(b.roles));
        for (Map.Entry<Role, Integer> e : roles.entrySet()) {
            if (e.getValue() < 0 || e.getValue() >= n) {
                throw new IllegalArgumentException(e.getKey() + " token id " + e.getValue()
                        + " is outside the vocabulary of " + n + " tokens");
            }
        }
        this.addBos = b.addBos;
        this.addEos = b.addEos;
        this.addSpacePrefix = b.addSpacePrefix;
        this.ignoreMerges = b.ignoreMerges;
        this.chatTemplate = b.chatTemplate;
        Map<String, Integer> index = HashMap.newHashMap(n);
        for (int id = 0; id < n; id++) {
            index.putIfAbsent(tokens.get(id), id); // first id wins, as in llama.cpp
        }
        this.idsByToken = Collections.unmodifiableMap(index);
    }

    private static TokenType[] filled(int n) {
        TokenType[] t = new TokenType[n];
        java.util.Arrays.fill(t, TokenType.NORMAL);
        return t;
    }

    private static int[] attributesOf(TokenType[] types) {
        int[] attributes = new int[types.length];
        for (int id = 0; id < types.length; id++) {
            attributes[id] = TokenAttribute.of(types[id]);
        }
        return attributes;
    }

    public static Builder builder(TokenizerModel model) {
        return new Builder(model);
    }

    public TokenizerModel model() {
        return model;
    }

    /** The pre-tokenizer name as GGUF's {@code tokenizer.ggml.pre} gives it ("default" when absent). */
    public String preTokenizer() {
        return preTokenizer;
    }

    public int size() {
        return tokens.size();
    }

    /** @throws IndexOutOfBoundsException if {@code id} is outside the vocabulary */
    public String token(int id) {
        return tokens.get(id);
    }

    public List<String> tokens() {
        return tokens;
    }

    public float score(int id) {
        return scores[id];
    }

    /** The token type the vocabulary file gives; {@link #attributes(int)} is what tokenization follows. */
    public TokenType type(int id) {
        return types[id];
    }

    /** The token's {@link TokenAttribute} bits: its type's bit unless the loader's rules changed them. */
    public int attributes(int id) {
        return attributes[id];
    }

    public boolean has(int id, TokenAttribute attribute) {
        return attribute.in(attributes[id]);
    }

    public boolean contains(int id) {
        return id >= 0 && id < tokens.size();
    }

    public OptionalInt id(String token) {
        Integer id = idsByToken.get(token);
        return id == null ? OptionalInt.empty() : OptionalInt.of(id);
    }

    /** Merges as "left right" pairs, highest priority first (gpt2 vocabularies). */
    public List<String> merges() {
        return merges;
    }

    public OptionalInt special(Role role) {
        Integer id = roles.get(role);
        return id == null ? OptionalInt.empty() : OptionalInt.of(id);
    }

    public Map<Role, Integer> specials() {
        return roles;
    }

    public boolean addBos() {
        return addBos;
    }

    public boolean addEos() {
        return addEos;
    }

    /** SentencePiece's add_dummy_prefix: a space before the text (llama vocabularies). */
    public boolean addSpacePrefix() {
        return addSpacePrefix;
    }

    /** Hugging Face's {@code ignore_merges}: a pre-token that is itself a token is not merged (llama3). */
    public boolean ignoreMerges() {
        return ignoreMerges;
    }

    /** The Jinja2 chat template the model ships with. */
    public Optional<String> chatTemplate() {
        return Optional.ofNullable(chatTemplate);
    }

    /** Ids of tokens with a control, user-defined or unknown attribute, ascending: those matched whole before BPE. */
    public List<Integer> specialTokenIds() {
        List<Integer> ids = new ArrayList<>();
        for (int id = 0; id < attributes.length; id++) {
            if ((attributes[id] & TokenAttribute.MATCHED_WHOLE) != 0) {
                ids.add(id);
            }
        }
        return ids;
    }

    /** Whether generation ends at {@code id}: EOS, EOT or EOM. */
    public boolean isEndOfGeneration(int id) {
        for (Role role : new Role[] {Role.EOS, Role.EOT, Role.EOM}) {
            Integer r = roles.get(role);
            if (r != null && r == id) {
                return true;
            }
        }
        return false;
    }

    /** Collects a vocabulary's parts; {@link #build()} validates them. */
    public static final class Builder {
        private final TokenizerModel model;
        private String preTokenizer;
        private List<String> tokens = List.of();
        private float[] scores;
        private TokenType[] types;
        private int[] attributes;
        private List<String> merges = List.of();
        private final EnumMap<Role, Integer> roles = new EnumMap<>(Role.class);
        private boolean addBos;
        private boolean addEos;
        private boolean addSpacePrefix;
        private boolean ignoreMerges;
        private String chatTemplate;

        private Builder(TokenizerModel model) {
            this.model = model;
        }

        public Builder preTokenizer(String name) { this.preTokenizer = name; return this; }
        public Builder tokens(List<String> tokens) { this.tokens = tokens; return this; }
        public Builder scores(float[] scores) { this.scores = scores; return this; }
        public Builder types(TokenType[] types) { this.types = types; return this; }
        /** {@link TokenAttribute} bits per token; without them each token gets its type's bit. */
        public Builder attributes(int[] attributes) { this.attributes = attributes; return this; }
        public Builder merges(List<String> merges) { this.merges = merges; return this; }
        public Builder special(Role role, int id) { roles.put(role, id); return this; }
        public Builder addBos(boolean v) { this.addBos = v; return this; }
        public Builder addEos(boolean v) { this.addEos = v; return this; }
        public Builder addSpacePrefix(boolean v) { this.addSpacePrefix = v; return this; }
        public Builder ignoreMerges(boolean v) { this.ignoreMerges = v; return this; }
        public Builder chatTemplate(String template) { this.chatTemplate = template; return this; }

        public Vocabulary build() {
            return new Vocabulary(this);
        }
    }
}
