package dev.osprey.context.index;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/** Checks on a file before it is indexed: its path, size and encoding. */
public final class FileContent {
    private static final int BINARY_PROBE = 8192;

    private FileContent() {
    }

    /**
     * Why {@code content} at {@code path} cannot be indexed: an absolute path or one with {@code ..} or empty segments,
     * more than {@code maxBytes}, a NUL byte in the first 8 KB (binary), or invalid UTF-8.
     *
     * @return empty when the file can be indexed
     */
    public static Optional<String> rejection(String path, byte[] content, long maxBytes) {
        if (!safePath(path)) {
            return Optional.of("unsafe path");
        }
        if (content.length > maxBytes) {
            return Optional.of("oversized: " + content.length + " bytes > " + maxBytes);
        }
        for (int i = 0, n = Math.min(content.length, BINARY_PROBE); i < n; i++) {
            if (content[i] == 0) {
                return Optional.of("binary");
            }
        }
        if (decode(content).isEmpty()) {
            return Optional.of("invalid UTF-8");
        }
        return Optional.empty();
    }

    /** Strict UTF-8 decoding (a leading BOM dropped); empty on malformed input. */
    public static Optional<String> decode(byte[] content) {
        try {
            String text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(content)).toString();
            return Optional.of(text.startsWith("\uFEFF") ? text.substring(1) : text);
        } catch (CharacterCodingException e) {
            return Optional.empty();
        }
    }

    /** A relative path of non-empty segments separated by {@code /}, none of them {@code .} or {@code ..}. */
    public static boolean safePath(String path) {
        if (path == null || path.isEmpty() || path.startsWith("/") || path.contains("\\") || path.indexOf('\0') >= 0
                || path.matches("^[A-Za-z]:.*")) {
            return false;
        }
        for (String segment : path.split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                return false;
            }
        }
        return true;
    }
}
