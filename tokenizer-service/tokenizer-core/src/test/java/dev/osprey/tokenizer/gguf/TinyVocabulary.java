package dev.osprey.tokenizer.gguf;

import dev.osprey.gguf.GgufWriter;
import dev.osprey.tokenizer.BpeTokenizer;
import dev.osprey.tokenizer.EncodeOptions;
import dev.osprey.tokenizer.TokenType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A small SentencePiece-style ('llama') GGUF vocabulary written in the test: {@code <unk>}, {@code <s>},
 * {@code </s>}, "▁", tab, newline and every printable ASCII character as a token of its own (so plain
 * text tokenizes one token per character), no space prefix, plus the tokens and metadata a test adds.
 */
final class TinyVocabulary {
    private final List<String> tokens = new ArrayList<>();
    private final List<Integer> types = new ArrayList<>();
    private final GgufWriter writer = new GgufWriter();

    TinyVocabulary() {
        token("<unk>", TokenType.UNKNOWN).token("<s>", TokenType.CONTROL).token("</s>", TokenType.CONTROL);
        token("\u2581", TokenType.NORMAL).token("\t", TokenType.NORMAL).token("\n", TokenType.NORMAL);
        for (char c = 0x21; c < 0x7F; c++) {
            token(String.valueOf(c), TokenType.NORMAL);
        }
    }

    TinyVocabulary token(String text, TokenType type) {
        tokens.add(text);
        types.add(type.code());
        return this;
    }

    TinyVocabulary put(String key, String value) {
        writer.putString(key, value);
        return this;
    }

    TinyVocabulary putId(String key, String token) {
        writer.putUInt32(key, tokens.indexOf(token));
        return this;
    }

    BpeTokenizer load() {
        writer.putString("tokenizer.ggml.model", "llama")
                .putStringArray("tokenizer.ggml.tokens", tokens)
                .putFloat32Array("tokenizer.ggml.scores", new float[tokens.size()])
                .putInt32Array("tokenizer.ggml.token_type", types.stream().mapToInt(Integer::intValue).toArray())
                .putBool("tokenizer.ggml.add_space_prefix", false);
        return GgufTokenizerLoader.fromMetadata(writer.metadata());
    }

    /** The texts of the tokens {@code text} encodes to, without BOS. */
    static List<String> encode(BpeTokenizer tokenizer, String text, boolean parseSpecial) {
        int[] ids = tokenizer.encode(text, new EncodeOptions(false, parseSpecial));
        return Arrays.stream(ids).mapToObj(tokenizer.vocabulary()::token).toList();
    }
}
