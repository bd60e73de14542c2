package dev.osprey.context.index;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.Tokenizer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.analysis.tokenattributes.OffsetAttribute;
import org.apache.lucene.analysis.tokenattributes.PositionIncrementAttribute;

/**
 * Code-aware terms: each identifier (letters, digits, underscores) gives its whole form lowercased, the same without
 * underscores, and its parts split on camelCase, PascalCase, snake_case and letter/digit boundaries, lowercased, all
 * at one position. {@code parseHTTPResponse2} → {@code parsehttpresponse2, parse, http, response, 2};
 * {@code parse_http_response} → {@code parse_http_response, parsehttpresponse, parse, http, response}. So a query
 * for one spelling finds the others.
 */
public final class CodeAnalyzer extends Analyzer {

    @Override
    protected TokenStreamComponents createComponents(String fieldName) {
        return new TokenStreamComponents(new IdentifierTokenizer());
    }

    /** The terms of {@code text}, in order, as this analyzer produces them. */
    public static List<String> terms(String text) {
        List<String> terms = new ArrayList<>();
        int i = 0;
        while (i < text.length()) {
            if (!isIdentifierChar(text.charAt(i))) {
                i++;
                continue;
            }
            int start = i;
            while (i < text.length() && isIdentifierChar(text.charAt(i))) {
                i++;
            }
            addIdentifier(text.substring(start, i), terms);
        }
        return terms;
    }

    /**
     * The identifiers of {@code text} in their matching forms: lowercased, and lowercased without underscores, so that
     * {@code loadUserProfile} and {@code load_user_profile} share {@code loaduserprofile}. Distinct, in order.
     */
    public static java.util.Set<String> identifierForms(String text) {
        java.util.Set<String> forms = new java.util.LinkedHashSet<>();
        int i = 0;
        while (i < text.length()) {
            if (!isIdentifierChar(text.charAt(i))) {
                i++;
                continue;
            }
            int start = i;
            while (i < text.length() && isIdentifierChar(text.charAt(i))) {
                i++;
            }
            String whole = text.substring(start, i).toLowerCase(java.util.Locale.ROOT);
            String joined = whole.replace("_", "");
            if (!joined.isEmpty() && !Character.isDigit(joined.charAt(0))) {
                forms.add(whole);
                forms.add(joined);
            }
        }
        return forms;
    }

    static boolean isIdentifierChar(char c) {
        return Character.isLetterOrDigit(c) || c == '_';
    }

    /** Appends the whole identifier's forms and then its parts (one position: the first form). */
    static void addIdentifier(String identifier, List<String> out) {
        String whole = identifier.toLowerCase(java.util.Locale.ROOT);
        if (whole.replace("_", "").isEmpty()) {
            return;
        }
        List<String> forms = new ArrayList<>();
        forms.add(whole);
        String joined = whole.replace("_", "");
        if (!joined.equals(whole)) {
            forms.add(joined);
        }
        for (String part : split(identifier)) {
            String lower = part.toLowerCase(java.util.Locale.ROOT);
            if (!forms.contains(lower)) {
                forms.add(lower);
            }
        }
        out.addAll(forms);
    }

    /** Parts of an identifier at underscores, lower→upper, UPPER→Upperlower and letter↔digit boundaries. */
    static List<String> split(String identifier) {
        List<String> parts = new ArrayList<>();
        int n = identifier.length();
        int start = 0;
        for (int i = 0; i <= n; i++) {
            boolean boundary;
            if (i == n || identifier.charAt(i) == '_') {
                boundary = true;
            } else if (i == start) {
                continue;
            } else {
                char prev = identifier.charAt(i - 1);
                char c = identifier.charAt(i);
                boundary = (Character.isLowerCase(prev) && Character.isUpperCase(c))
                        || (Character.isDigit(prev) != Character.isDigit(c))
                        || (Character.isUpperCase(prev) && Character.isUpperCase(c) && i + 1 < n
                                && Character.isLowerCase(identifier.charAt(i + 1)));
            }
            if (boundary) {
                if (i > start) {
                    parts.add(identifier.substring(start, i));
                }
                start = i == n || identifier.charAt(i) != '_' ? i : i + 1;
            }
        }
        return parts;
    }

    /** Reads the whole field (chunks are small) and emits identifiers' forms; parts stack on the whole form. */
    private static final class IdentifierTokenizer extends Tokenizer {
        private final CharTermAttribute term = addAttribute(CharTermAttribute.class);
        private final OffsetAttribute offset = addAttribute(OffsetAttribute.class);
        private final PositionIncrementAttribute position = addAttribute(PositionIncrementAttribute.class);
        private final List<String> pending = new ArrayList<>();
        private String text;
        private int cursor;
        private int identifierStart;
        private int identifierEnd;
        private int next;

        @Override
        public boolean incrementToken() throws IOException {
            clearAttributes();
            if (text == null) {
                StringBuilder sb = new StringBuilder();
                char[] buffer = new char[8192];
                int read;
                while ((read = input.read(buffer)) > 0) {
                    sb.append(buffer, 0, read);
                }
                text = sb.toString();
            }
            if (next >= pending.size()) {
                pending.clear();
                next = 0;
                while (pending.isEmpty()) {
                    while (cursor < text.length() && !isIdentifierChar(text.charAt(cursor))) {
                        cursor++;
                    }
                    if (cursor >= text.length()) {
                        return false;
                    }
                    identifierStart = cursor;
                    while (cursor < text.length() && isIdentifierChar(text.charAt(cursor))) {
                        cursor++;
                    }
                    identifierEnd = cursor;
                    addIdentifier(text.substring(identifierStart, identifierEnd), pending);
                }
            }
            term.setEmpty().append(pending.get(next));
            position.setPositionIncrement(next == 0 ? 1 : 0);
            offset.setOffset(correctOffset(identifierStart), correctOffset(identifierEnd));
            next++;
            return true;
        }

        @Override
        public void end() throws IOException {
            super.end();
            int end = correctOffset(text == null ? 0 : text.length());
            offset.setOffset(end, end);
        }

        @Override
        public void reset() throws IOException {
            super.reset();
            text = null;
            cursor = 0;
            pending.clear();
            next = 0;
        }
    }
}
