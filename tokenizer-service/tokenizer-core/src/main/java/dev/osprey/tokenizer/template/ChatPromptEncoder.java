package dev.osprey.tokenizer.template;

import dev.osprey.tokenizer.BpeTokenizer;
import dev.osprey.tokenizer.EncodeOptions;
import dev.osprey.tokenizer.Encoding;
import dev.osprey.tokenizer.SpecialTokenCandidate;
import dev.osprey.tokenizer.TokenAttribute;
import dev.osprey.tokenizer.Tokenizer;
import dev.osprey.tokenizer.Vocabulary;
import dev.osprey.tokenizer.text.Utf8;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Encodes a rendered chat prompt with special-token text parsed where the template wrote it and left
 * as plain text where a message's content put it: a message cannot inject control tokens
 * ({@code <|im_end|>}, {@code <|im_start|>system}) into the prompt.
 *
 * <p>The result equals encoding the prompt with special parsing on (and no BOS/EOS added, as
 * transformers' {@code apply_chat_template} does: the template writes them) whenever no content
 * holds control-token text, which is the common case and costs one extra encode per message. When
 * a content does, the template is rendered once more with that content replaced by a placeholder to
 * find where the content lands in the prompt; the tokens between the template's own control tokens
 * around each such place are then re-encoded with special parsing off. A template that transforms
 * such a content (trims it, splits it) leaves no verbatim place to protect and is refused. (A
 * content holding only part of a control token's text, completed by the template's text after it,
 * is not detected; no known template writes such a continuation.)
 *
 * <p>Immutable and thread-safe.
 */
public final class ChatPromptEncoder {
    private static final EncodeOptions TEMPLATE = new EncodeOptions(false, true);
    private static final EncodeOptions CONTENT = new EncodeOptions(false, false);
    private static final char OPEN = '\uE000';  // private-use code points delimit placeholders
    private static final char CLOSE = '\uE001';

    private final Tokenizer tokenizer;
    private final Vocabulary vocabulary;
    private final Map<Integer, SpecialTokenCandidate> candidates = new HashMap<>();

    public ChatPromptEncoder(Tokenizer tokenizer) {
        this.tokenizer = tokenizer;
        this.vocabulary = tokenizer.vocabulary();
        if (tokenizer instanceof BpeTokenizer bpe) {
            for (SpecialTokenCandidate candidate : bpe.config().specialTokens()) {
                candidates.putIfAbsent(candidate.id(), candidate);
            }
        }
    }

    /**
     * @param rendered the template's output for the conversation
     * @param contents the conversation's message contents, in order
     * @param render   renders the same conversation with the given contents in their place
     * @return the prompt's token ids
     * @throws IllegalArgumentException when a content holding control-token text does not appear
     *                                  verbatim in the prompt
     */
    public int[] encode(String rendered, List<String> contents, Function<List<String>, String> render) {
        List<Integer> holdingControlText = new ArrayList<>();
        for (int i = 0; i < contents.size(); i++) {
            if (holdsControlText(contents.get(i))) {
                holdingControlText.add(i);
            }
        }
        if (holdingControlText.isEmpty()) {
            return tokenizer.encode(rendered, TEMPLATE);
        }
        List<int[]> regions = contentRegions(rendered, contents, holdingControlText, render);
        return encodeProtecting(rendered, regions);
    }

    /** Whether special parsing changes how {@code content} encodes: it holds control or unknown token text. */
    public boolean holdsControlText(String content) {
        return !Arrays.equals(tokenizer.encode(content, CONTENT), tokenizer.encode(content, TEMPLATE));
    }

    /** Char ranges [start, end) of {@code rendered} that the given contents produced. */
    private static List<int[]> contentRegions(String rendered, List<String> contents, List<Integer> protectedIndexes,
                                              Function<List<String>, String> render) {
        List<String> withPlaceholders = new ArrayList<>(contents);
        for (int i : protectedIndexes) {
            withPlaceholders.set(i, OPEN + Integer.toString(i) + CLOSE);
        }
        String template = render.apply(withPlaceholders);
        StringBuilder rebuilt = new StringBuilder(rendered.length());
        List<int[]> regions = new ArrayList<>();
        int at = 0;
        while (at < template.length()) {
            int open = template.indexOf(OPEN, at);
            int close = open < 0 ? -1 : template.indexOf(CLOSE, open + 1);
            Integer index = close < 0 ? null : placeholderIndex(template.substring(open + 1, close), protectedIndexes);
            if (index == null) {
                int end = open < 0 ? template.length() : open + 1;
                rebuilt.append(template, at, end);
                at = end;
                continue;
            }
            rebuilt.append(template, at, open);
            String content = contents.get(index);
            regions.add(new int[] {rebuilt.length(), rebuilt.length() + content.length()});
            rebuilt.append(content);
            at = close + 1;
        }
        if (!rebuilt.toString().equals(rendered)) {
            throw new IllegalArgumentException("messages " + protectedIndexes
                    + " hold special-token text, and the chat template changes message content on its way into the"
                    + " prompt, so that text cannot be kept from being read as control tokens");
        }
        return regions;
    }

    private static Integer placeholderIndex(String digits, List<Integer> protectedIndexes) {
        if (digits.isEmpty() || digits.length() > 9 || !digits.chars().allMatch(Character::isDigit)) {
            return null;
        }
        int index = Integer.parseInt(digits);
        return protectedIndexes.contains(index) ? index : null;
    }

    /**
     * Encodes with special parsing, then re-encodes without it every stretch between the template's
     * own control tokens that holds a control token matched inside a protected region.
     */
    private int[] encodeProtecting(String rendered, List<int[]> charRegions) {
        Encoding encoding = tokenizer.encodeWithSpans(rendered, TEMPLATE);
        byte[] utf8 = rendered.getBytes(StandardCharsets.UTF_8);
        int[] charToByte = Utf8.charToByteOffsets(rendered);
        int n = encoding.size();
        boolean[] control = new boolean[n];  // (n) a control/unknown token matched as text before BPE
        boolean[] injected = new boolean[n]; // (n) ... and overlapping a protected region
        boolean anyInjected = false;
        for (int t = 0; t < n; t++) {
            control[t] = isControlMatch(encoding, t, utf8);
            if (control[t]) {
                for (int[] region : charRegions) {
                    if (encoding.starts()[t] < charToByte[region[1]] && encoding.ends()[t] > charToByte[region[0]]) {
                        injected[t] = true;
                        anyInjected = true;
                    }
                }
            }
        }
        if (!anyInjected) {
            return encoding.ids();
        }
        int[] ids = encoding.ids();
        IntList out = new IntList(n);
        int t = 0; // tokens before t are decided; t is 0 or a kept control token
        while (t < n) {
            int bad = t;
            while (bad < n && !injected[bad]) {
                bad++;
            }
            if (bad == n) {
                out.addAll(ids, t, n);
                break;
            }
            // The stretch to re-encode runs between the kept control tokens around the injected one.
            int j = bad - 1;
            while (j >= t && !(control[j] && !injected[j])) {
                j--;
            }
            int k = bad + 1;
            while (k < n && !(control[k] && !injected[k])) {
                k++;
            }
            out.addAll(ids, t, j + 1);
            int fromByte = j < 0 ? 0 : encoding.ends()[j];
            int toByte = k == n ? utf8.length : encoding.starts()[k];
            String stretch = new String(utf8, fromByte, toByte - fromByte, StandardCharsets.UTF_8);
            if (j >= 0 && strips(ids[j], false)) {
                stretch = stripLeading(stretch);
            }
            if (k < n && strips(ids[k], true)) {
                stretch = stripTrailing(stretch);
            }
            int[] reencoded = tokenizer.encode(stretch, CONTENT);
            out.addAll(reencoded, 0, reencoded.length);
            t = k;
        }
        return out.toArray();
    }

    /** Whether token t is a control or unknown token whose span is exactly its text (not a BPE result). */
    private boolean isControlMatch(Encoding encoding, int t, byte[] utf8) {
        int id = encoding.ids()[t];
        if (!vocabulary.has(id, TokenAttribute.CONTROL) && !vocabulary.has(id, TokenAttribute.UNKNOWN)) {
            return false;
        }
        byte[] text = vocabulary.token(id).getBytes(StandardCharsets.UTF_8);
        int start = encoding.starts()[t];
        int end = encoding.ends()[t];
        return end - start == text.length && Arrays.equals(utf8, start, end, text, 0, text.length);
    }

    /** Whether the special token {@code id} strips whitespace on its left ({@code left}) or right. */
    private boolean strips(int id, boolean left) {
        SpecialTokenCandidate candidate = candidates.get(id);
        return candidate != null && (left ? candidate.lstrip() : candidate.rstrip());
    }

    private static boolean isAsciiSpace(char c) {
        return c == ' ' || (c >= '\t' && c <= '\r');
    }

    private static String stripLeading(String s) {
        int i = 0;
        while (i < s.length() && isAsciiSpace(s.charAt(i))) {
            i++;
        }
        return s.substring(i);
    }

    private static String stripTrailing(String s) {
        int i = s.length();
        while (i > 0 && isAsciiSpace(s.charAt(i - 1))) {
            i--;
        }
        return s.substring(0, i);
    }

    /** A growable int array. */
    private static final class IntList {
        private int[] values;
        private int size;

        IntList(int capacity) {
            values = new int[Math.max(4, capacity)];
        }

        /** Appends {@code source[from, to)}. */
        void addAll(int[] source, int from, int to) {
            int count = Math.max(0, to - from);
            if (size + count > values.length) {
                values = Arrays.copyOf(values, Math.max(values.length * 2, size + count));
            }
            System.arraycopy(source, from, values, size, count);
            size += count;
        }

        int[] toArray() {
            return Arrays.copyOf(values, size);
        }
    }
}
