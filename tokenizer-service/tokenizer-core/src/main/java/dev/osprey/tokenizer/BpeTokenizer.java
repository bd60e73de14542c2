package dev.osprey.tokenizer;

import dev.osprey.tokenizer.bpe.BpeMerger;
import dev.osprey.tokenizer.bpe.MergeTable;
import dev.osprey.tokenizer.pretokenize.PreTokenizer;
import dev.osprey.tokenizer.text.AlignedText;
import dev.osprey.tokenizer.text.ByteLevelAlphabet;
import dev.osprey.tokenizer.text.TextNormalizer;
import dev.osprey.tokenizer.text.Utf8;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * BPE tokenization as llama.cpp and Hugging Face do it, for byte-level (gpt2) and SentencePiece-style
 * (llama) vocabularies: special tokens are cut out first; each remaining piece is normalized,
 * pre-tokenized into words, and every word is merged on its own. Immutable and thread-safe.
 */
public final class BpeTokenizer implements Tokenizer {
    private static final int MAX_CACHED_WORD_LENGTH = 64;
    private static final int MAX_CACHE_ENTRIES = 1 << 16;

    /** What becomes of text that no token covers in a character-level vocabulary. */
    public enum Fallback {
        /** {@code <0xNN>} byte tokens (SentencePiece byte fallback), else the unknown token. */
        BYTE_TOKENS,
        /** The unknown token, one per character (Hugging Face BPE without byte fallback). */
        UNKNOWN_TOKEN,
        /** The unknown token, consecutive unknown characters fused into one (Hugging Face {@code fuse_unk}). */
        FUSED_UNKNOWN_TOKEN
    }

    /**
     * @param byteLevel    words are UTF-8 bytes in GPT-2's alphabet (gpt2); otherwise code points (llama)
     * @param ignoreMerges a word that is a token as a whole is emitted without merging
     */
    public record Config(Vocabulary vocabulary, MergeTable merges, TextNormalizer normalizer,
                         PreTokenizer preTokenizer, boolean byteLevel, boolean ignoreMerges,
                         Fallback fallback, List<SpecialTokenCandidate> specialTokens) {
        public Config {
            Objects.requireNonNull(vocabulary, "vocabulary");
            Objects.requireNonNull(merges, "merges");
            Objects.requireNonNull(normalizer, "normalizer");
            Objects.requireNonNull(preTokenizer, "preTokenizer");
            Objects.requireNonNull(fallback, "fallback");
            specialTokens = List.copyOf(specialTokens);
        }
    }

    /** Ids and byte ends (relative to the word's UTF-8) of one encoded word. */
    private record WordTokens(int[] ids, int[] ends) {
    }

    private final Config config;
    private final Vocabulary vocabulary;
    private final MergeTable merges;
    private final SpecialTokenMatcher specials;
    private final PieceTable pieces;
    private final int[] byteSymbols = new int[256];
    private final int[] byteTokens = new int[256];
    private final ThreadLocal<BpeMerger> mergers;
    private final Map<String, WordTokens> wordCache = new ConcurrentHashMap<>();

    public BpeTokenizer(Config config) {
        this.config = config;
        this.vocabulary = config.vocabulary();
        this.merges = config.merges();
        this.specials = new SpecialTokenMatcher(config.specialTokens());
        this.pieces = new PieceTable(vocabulary, config.byteLevel());
        this.mergers = ThreadLocal.withInitial(() -> new BpeMerger(merges));
        for (int b = 0; b < 256; b++) {
            byteSymbols[b] = merges.symbol(String.valueOf(ByteLevelAlphabet.charOf(b)));
            byteTokens[b] = byteToken(b);
        }
    }

    /** The token for a raw byte when no token covers a character: {@code <0xNN>}, else the single-byte text. */
    private int byteToken(int b) {
        if (config.byteLevel()) {
            return vocabulary.id(String.valueOf(ByteLevelAlphabet.charOf(b))).orElse(-1);
        }
        var hex = vocabulary.id(String.format("<0x%02X>", b));
        if (hex.isPresent()) {
            return hex.getAsInt();
        }
        return b < 0x80 ? vocabulary.id(String.valueOf((char) b)).orElse(-1) : -1;
    }

    public Config config() {
        return config;
    }

    @Override
    public Vocabulary vocabulary() {
        return vocabulary;
    }

    @Override
    public Encoding encodeWithSpans(String text, EncodeOptions options) {
        Utf8.requireWellFormed(text);
        int[] charToByte = Utf8.charToByteOffsets(text);
        int totalBytes = charToByte[text.length()];
        Output out = new Output(Math.max(16, text.length() / 3));
        boolean addSpecial = options.addSpecial();
        if (addSpecial && vocabulary.addBos()) {
            out.add(requireSpecial(Vocabulary.Role.BOS), 0, 0);
        }
        for (SpecialTokenMatcher.Fragment fragment : specials.partition(text, options.parseSpecial())) {
            if (fragment.isText()) {
                encodeText(AlignedText.slice(text, fragment.start(), fragment.end(), charToByte), out);
            } else {
                out.add(fragment.id(), charToByte[fragment.start()], charToByte[fragment.end()]);
            }
        }
        if (addSpecial && vocabulary.addEos()) {
            out.add(requireSpecial(Vocabulary.Role.EOS), totalBytes, totalBytes);
        }
        return out.toEncoding();
    }

    /**
     * {@link #encode}'s length without its ids or spans: the words' merged tokens are counted straight from the word
     * cache, with no byte offsets mapped (and, where the normalizer changes nothing, no aligned text built).
     */
    @Override
    public int count(String text, EncodeOptions options) {
        Utf8.requireWellFormed(text);
        boolean identity = config.normalizer() == TextNormalizer.IDENTITY;
        int[] charToByte = identity ? null : Utf8.charToByteOffsets(text);
        int count = addedSpecials(options);
        for (SpecialTokenMatcher.Fragment fragment : specials.partition(text, options.parseSpecial())) {
            count += !fragment.isText() ? 1 : countWords(identity ? text.substring(fragment.start(), fragment.end())
                    : config.normalizer().apply(AlignedText.slice(text, fragment.start(), fragment.end(), charToByte))
                            .text());
        }
        return count;
    }

    /** The BOS and EOS {@code options} add (each checked to exist, as {@link #encodeWithSpans} does). */
    private int addedSpecials(EncodeOptions options) {
        int added = 0;
        if (options.addSpecial() && vocabulary.addBos()) {
            requireSpecial(Vocabulary.Role.BOS);
            added++;
        }
        if (options.addSpecial() && vocabulary.addEos()) {
            requireSpecial(Vocabulary.Role.EOS);
            added++;
        }
        return added;
    }

    /** The tokens of normalized text {@code s}: its pre-tokenized words' merged tokens. */
    private int countWords(String s) {
        int count = 0;
        int[] words = config.preTokenizer().split(s, 0, s.length());
        for (int w = 0; w < words.length; w += 2) {
            count += wordTokens(s.substring(words[w], words[w + 1])).ids.length;
        }
        return count;
    }

    private int requireSpecial(Vocabulary.Role role) {
        return vocabulary.special(role).orElseThrow(() -> new IllegalStateException(
                "the vocabulary asks for " + role + " to be added but declares no " + role + " token"));
    }

    private void encodeText(AlignedText original, Output out) {
        AlignedText text = config.normalizer().apply(original);
        String s = text.text();
        int[] words = config.preTokenizer().split(s, 0, s.length());
        for (int w = 0; w < words.length; w += 2) {
            encodeWord(text, words[w], words[w + 1], out);
        }
    }

    private void encodeWord(AlignedText text, int from, int to, Output out) {
        WordTokens tokens = wordTokens(text.text().substring(from, to));
        int[] origin = byteOrigins(text, from, to);
        int previous = 0;
        for (int k = 0; k < tokens.ids.length; k++) {
            int end = tokens.ends[k];
            out.add(tokens.ids[k], origin[previous], Math.max(origin[previous], origin[end]));
            previous = end;
        }
    }

    /** {@code word}'s merged tokens, from the word cache when it was seen before. */
    private WordTokens wordTokens(String word) {
        WordTokens tokens = word.length() <= MAX_CACHED_WORD_LENGTH ? wordCache.get(word) : null;
        if (tokens == null) {
            tokens = config.byteLevel() ? mergeBytes(word) : mergeCodePoints(word);
            if (word.length() <= MAX_CACHED_WORD_LENGTH) {
                if (wordCache.size() >= MAX_CACHE_ENTRIES) {
                    wordCache.clear();
                }
                wordCache.put(word, tokens);
            }
        }
        return tokens;
    }

    /** The original byte offset of every UTF-8 byte of the word, plus its end: (wordBytes + 1). */
    private static int[] byteOrigins(AlignedText text, int from, int to) {
        String s = text.text();
        int[] origin = new int[(to - from) * 3 + 1];
        int b = 0;
        for (int i = from; i < to; ) {
            int cp = s.codePointAt(i);
            int len = Utf8.length(cp);
            boolean original = text.isOriginal(i);
            if (b + len + 1 > origin.length) {
                origin = Arrays.copyOf(origin, (b + len + 1) * 2);
            }
            for (int k = 0; k < len; k++) {
                origin[b + k] = text.origStart(i) + (original ? k : 0);
            }
            b += len;
            i += Character.charCount(cp);
        }
        origin[b] = to > from ? text.origEnd(to - 1) : text.origStart(from);
        return origin;
    }

    private WordTokens mergeBytes(String word) {
        byte[] utf8 = word.getBytes(StandardCharsets.UTF_8);
        int n = utf8.length;
        if (config.ignoreMerges()) {
            var whole = merges.token(ByteLevelAlphabet.encode(utf8, 0, n));
            if (whole.isPresent()) {
                return new WordTokens(new int[] {whole.getAsInt()}, new int[] {n});
            }
        }
        int[] symbols = new int[n];
        int[] starts = new int[n];
        for (int i = 0; i < n; i++) {
            symbols[i] = byteSymbols[utf8[i] & 0xFF];
        }
        int count = mergers.get().merge(symbols, n, starts);
        TokenList tokens = new TokenList(count);
        for (int k = 0; k < count; k++) {
            int s = starts[k];
            int e = k + 1 < count ? starts[k + 1] : n;
            if (merges.isToken(symbols[k])) {
                tokens.add(symbols[k], e);
            } else {
                // llama.cpp: each byte of the symbol's (alphabet-encoded) text that is itself a token
                for (int i = s; i < e; i++) {
                    String encoded = String.valueOf(ByteLevelAlphabet.charOf(utf8[i]));
                    for (byte piece : encoded.getBytes(StandardCharsets.UTF_8)) {
                        if (piece >= 0) {
                            vocabulary.id(String.valueOf((char) piece)).ifPresent(id -> tokens.add(id, -1));
                        }
                    }
                    tokens.fixLastEnds(i + 1);
                }
            }
        }
        return tokens.toWordTokens();
    }

    private WordTokens mergeCodePoints(String word) {
        int n = word.codePointCount(0, word.length());
        int[] symbols = new int[n];
        int[] byteStart = new int[n + 1];
        int[] starts = new int[n];
        int b = 0;
        for (int i = 0, c = 0; i < word.length(); c++) {
            int cp = word.codePointAt(i);
            symbols[c] = merges.codePointSymbol(cp);
            byteStart[c] = b;
            b += Utf8.length(cp);
            i += Character.charCount(cp);
        }
        byteStart[n] = b;
        if (config.ignoreMerges()) {
            var whole = merges.token(word);
            if (whole.isPresent()) {
                return new WordTokens(new int[] {whole.getAsInt()}, new int[] {b});
            }
        }
        int count = mergers.get().merge(symbols, n, starts);
        TokenList tokens = new TokenList(count);
        byte[] utf8 = null;
        int unk = vocabulary.special(Vocabulary.Role.UNK).orElse(-1);
        for (int k = 0; k < count; k++) {
            int s = byteStart[starts[k]];
            int e = byteStart[k + 1 < count ? starts[k + 1] : n];
            if (merges.isToken(symbols[k])) {
                tokens.add(symbols[k], e);
                continue;
            }
            switch (config.fallback()) {
                case BYTE_TOKENS -> {
                    if (utf8 == null) {
                        utf8 = word.getBytes(StandardCharsets.UTF_8);
                    }
                    for (int i = s; i < e; i++) {
                        int id = byteTokens[utf8[i] & 0xFF];
                        tokens.add(id >= 0 ? id : unk, i + 1);
                    }
                }
                case UNKNOWN_TOKEN -> tokens.add(unk, e);
                case FUSED_UNKNOWN_TOKEN -> {
                    if (tokens.lastIs(unk)) {
                        tokens.fixLastEnds(e);
                    } else {
                        tokens.add(unk, e);
                    }
                }
            }
        }
        return tokens.toWordTokens();
    }

    @Override
    public byte[] piece(int id, boolean renderSpecial) {
        requireId(id);
        return pieces.piece(id, renderSpecial);
    }

    @Override
    public byte[] decodeBytes(int[] ids, boolean renderSpecial) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(ids.length * 4);
        boolean stripLeadingSpace = !config.byteLevel() && vocabulary.addSpacePrefix();
        for (int id : ids) {
            requireId(id);
            byte[] piece = pieces.piece(id, renderSpecial);
            if (piece.length == 0) {
                continue;
            }
            int skip = stripLeadingSpace && pieces.isText(id) && piece[0] == ' ' ? 1 : 0;
            stripLeadingSpace = false;
            out.write(piece, skip, piece.length - skip);
        }
        return out.toByteArray();
    }

    @Override
    public StreamingDecoder streamingDecoder(boolean renderSpecial) {
        return new Utf8StreamingDecoder(this, renderSpecial);
    }

    private void requireId(int id) {
        if (!vocabulary.contains(id)) {
            throw new IllegalArgumentException("token id " + id + " is outside the vocabulary (0.." + (vocabulary.size() - 1) + ")");
        }
    }

    /** Token ids with their end offsets inside a word. */
    private static final class TokenList {
        private int[] ids;
        private int[] ends;
        private int size;

        TokenList(int capacity) {
            ids = new int[Math.max(4, capacity)];
            ends = new int[ids.length];
        }

        void add(int id, int end) {
            if (size == ids.length) {
                ids = Arrays.copyOf(ids, size * 2);
                ends = Arrays.copyOf(ends, size * 2);
            }
            ids[size] = id;
            ends[size++] = end;
        }

        boolean lastIs(int id) {
            return size > 0 && ids[size - 1] == id;
        }

        /** Sets the end of the last token(s) whose end is not yet known (-1), or of the last token. */
        void fixLastEnds(int end) {
            for (int i = size - 1; i >= 0 && ends[i] < 0; i--) {
                ends[i] = end;
            }
            if (size > 0 && ends[size - 1] >= 0) {
                ends[size - 1] = Math.max(ends[size - 1], end);
            }
        }

        WordTokens toWordTokens() {
            return new WordTokens(Arrays.copyOf(ids, size), Arrays.copyOf(ends, size));
        }
    }

    /** Growable (id, start, end) triples. */
    private static final class Output {
        private int[] ids;
        private int[] starts;
        private int[] ends;
        private int size;

        Output(int capacity) {
            ids = new int[capacity];
            starts = new int[capacity];
            ends = new int[capacity];
        }

        void add(int id, int start, int end) {
            if (size == ids.length) {
                ids = Arrays.copyOf(ids, size * 2);
                starts = Arrays.copyOf(starts, size * 2);
                ends = Arrays.copyOf(ends, size * 2);
            }
            ids[size] = id;
            starts[size] = start;
            ends[size++] = end;
        }

        Encoding toEncoding() {
            return new Encoding(Arrays.copyOf(ids, size), Arrays.copyOf(starts, size), Arrays.copyOf(ends, size));
        }
    }
}
