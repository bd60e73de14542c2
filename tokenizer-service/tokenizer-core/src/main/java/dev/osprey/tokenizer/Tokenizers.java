package dev.osprey.tokenizer;

import dev.osprey.tokenizer.gguf.GgufTokenizerLoader;
import dev.osprey.tokenizer.hf.HuggingFaceTokenizerLoader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Loads a tokenizer from a GGUF file or a Hugging Face tokenizer.json, told apart by content. */
public final class Tokenizers {
    private Tokenizers() {
    }

    /** @throws IOException naming the file when it is missing, unreadable or not a supported vocabulary */
    public static BpeTokenizer load(Path path) throws IOException {
        if (!Files.isRegularFile(path)) {
            throw new NoSuchFileException(path.toString(), null, "no such vocabulary file");
        }
        byte[] head = new byte[4];
        int read;
        try (InputStream in = Files.newInputStream(path)) {
            read = in.readNBytes(head, 0, 4);
        }
        if (read == 4 && head[0] == 'G' && head[1] == 'G' && head[2] == 'U' && head[3] == 'F') {
            return GgufTokenizerLoader.load(path);
        }
        if (read > 0 && firstNonBlank(path) == '{') {
            return HuggingFaceTokenizerLoader.load(path);
        }
        throw new IOException(path + ": neither a GGUF file nor a tokenizer.json");
    }

    private static int firstNonBlank(Path path) throws IOException {
        try (InputStream in = Files.newInputStream(path)) {
            int c;
            while ((c = in.read()) >= 0) {
                if (!Character.isWhitespace(c)) {
                    return c;
                }
            }
            return -1;
        }
    }
}
