package dev.osprey.tokenizer.fim;

import dev.osprey.tokenizer.EncodeOptions;
import dev.osprey.tokenizer.Encoding;
import dev.osprey.tokenizer.StreamingDecoder;
import dev.osprey.tokenizer.TokenType;
import dev.osprey.tokenizer.Tokenizer;
import dev.osprey.tokenizer.TokenizerModel;
import dev.osprey.tokenizer.Vocabulary;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A test-only {@link Tokenizer} that does no merging, so that expected ids can be written down by
 * hand. It is honest about what it is:
 * <ul>
 *   <li>gpt2 vocabularies: one token per UTF-8 byte, looked up by the byte's GPT-2 byte-level
 *       character ({@code Ġ} for space, {@code Ċ} for newline), as those vocabularies store them;
 *   <li>llama vocabularies: one token per code point with spaces as {@code ▁}, byte-fallback
 *       {@code <0xNN>} tokens for code points the vocabulary lacks, and SentencePiece's dummy-prefix
 *       {@code ▁} before the text when {@link Vocabulary#addSpacePrefix()} (llama.cpp adds it to
 *       every plain encode);
 *   <li>with {@link EncodeOptions#parseSpecial()}, control and user-defined token texts are matched
 *       whole, longest first.
 * </ul>
 * A character it cannot encode fails loudly. Spans are UTF-8 byte offsets; added tokens (BOS, the
 * dummy prefix) have empty spans.
 */
final class CodepointTokenizer implements Tokenizer {

    private final Vocabulary vocabulary;
    private final List<Integer> specialsLongestFirst;

    CodepointTokenizer(Vocabulary vocabulary) {
        this.vocabulary = vocabulary;
        this.specialsLongestFirst = vocabulary.specialTokenIds().stream()
                .sorted(Comparator.comparingInt((Integer id) -> vocabulary.token(id).length()).reversed())
                .toList();
    }

    @Override
    public Vocabulary vocabulary() {
        return vocabulary;
    }

    @Override
    public Encoding encodeWithSpans(String text, EncodeOptions options) {
        List<int[]> tokens = new ArrayList<>(); // {id, start, end}
        if (options.addSpecial() && vocabulary.addBos()) {
            tokens.add(new int[] {vocabulary.special(Vocabulary.Role.BOS).orElseThrow(), 0, 0});
        }
        boolean llama = vocabulary.model() == TokenizerModel.LLAMA;
        if (llama && vocabulary.addSpacePrefix() && !text.isEmpty()) {
            tokens.add(new int[] {required("▁"), 0, 0});
        }
        int i = 0;
        int offset = 0;
        while (i < text.length()) {
            int special = options.parseSpecial() ? specialAt(text, i) : -1;
            if (special >= 0) {
                String s = vocabulary.token(special);
                int bytes = s.getBytes(StandardCharsets.UTF_8).length;
                tokens.add(new int[] {special, offset, offset + bytes});
                i += s.length();
                offset += bytes;
                continue;
            }
            int cp = text.codePointAt(i);
            byte[] utf8 = Character.toString(cp).getBytes(StandardCharsets.UTF_8);
            if (llama) {
                String piece = cp == ' ' ? "▁" : Character.toString(cp);
                if (vocabulary.id(piece).isPresent()) {
                    tokens.add(new int[] {vocabulary.id(piece).getAsInt(), offset, offset + utf8.length});
                } else {
                    for (int b = 0; b < utf8.length; b++) {
                        tokens.add(new int[] {required(String.format("<0x%02X>", utf8[b] & 0xff)), offset + b, offset + b + 1});
                    }
                }
            } else {
                for (int b = 0; b < utf8.length; b++) {
                    tokens.add(new int[] {required(ByteLevel.CHARS[utf8[b] & 0xff]), offset + b, offset + b + 1});
                }
            }
            i += Character.charCount(cp);
            offset += utf8.length;
        }
        if (options.addSpecial() && vocabulary.addEos()) {
            tokens.add(new int[] {vocabulary.special(Vocabulary.Role.EOS).orElseThrow(), offset, offset});
        }
        int[] ids = new int[tokens.size()];
        int[] starts = new int[tokens.size()];
        int[] ends = new int[tokens.size()];
        for (int t = 0; t < tokens.size(); t++) {
            ids[t] = tokens.get(t)[0];
            starts[t] = tokens.get(t)[1];
            ends[t] = tokens.get(t)[2];
        }
        return new Encoding(ids, starts, ends);
    }

    private int specialAt(String text, int i) {
        for (int id : specialsLongestFirst) {
            if (text.startsWith(vocabulary.token(id), i)) {
                return id;
            }
        }
        return -1;
    }

    private int required(String token) {
        return vocabulary.id(token).orElseThrow(
                () -> new IllegalArgumentException("test vocabulary has no token " + token));
    }

    @Override
    public byte[] piece(int id, boolean renderSpecial) {
        if (!vocabulary.contains(id)) {
            throw new IllegalArgumentException("id " + id + " is outside the vocabulary");
        }
        String token = vocabulary.token(id);
        TokenType type = vocabulary.type(id);
        if (type == TokenType.CONTROL || type == TokenType.USER_DEFINED) {
            if (!renderSpecial && type == TokenType.CONTROL) {
                return new byte[0];
            }
            return (vocabulary.model() == TokenizerModel.LLAMA ? token.replace('▁', ' ') : token)
                    .getBytes(StandardCharsets.UTF_8);
        }
        if (vocabulary.model() == TokenizerModel.LLAMA) {
            if (type == TokenType.BYTE) {
                return new byte[] {(byte) Integer.parseInt(token.substring(3, 5), 16)};
            }
            return token.replace('▁', ' ').getBytes(StandardCharsets.UTF_8);
        }
        return new byte[] {(byte) ByteLevel.byteOf(token)};
    }

    @Override
    public byte[] decodeBytes(int[] ids, boolean renderSpecial) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int id : ids) {
            out.writeBytes(piece(id, renderSpecial));
        }
        return out.toByteArray();
    }

    @Override
    public StreamingDecoder streamingDecoder(boolean renderSpecial) {
        throw new UnsupportedOperationException("not needed by the FIM tests");
    }

    /** GPT-2's bytes_to_unicode table. */
    static final class ByteLevel {
        static final String[] CHARS = new String[256];

        static {
            int extra = 0;
            for (int b = 0; b < 256; b++) {
                boolean printable = (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE && b <= 0xFF);
                CHARS[b] = Character.toString(printable ? b : 256 + extra++);
            }
        }

        static int byteOf(String token) {
            for (int b = 0; b < 256; b++) {
                if (CHARS[b].equals(token)) {
                    return b;
                }
            }
            throw new IllegalArgumentException("not a byte-level token: " + token);
        }

        /** The 256 byte tokens in the order GPT-2-style vocabularies list them first. */
        static List<String> alphabet() {
            List<String> ordered = new ArrayList<>();
            for (int b = 0; b < 256; b++) {
                if ((b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE && b <= 0xFF)) {
                    ordered.add(CHARS[b]);
                }
            }
            for (int b = 0; b < 256; b++) {
                if (!((b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE && b <= 0xFF))) {
                    ordered.add(CHARS[b]);
                }
            }
            return ordered;
        }

        private ByteLevel() {}
    }
}
