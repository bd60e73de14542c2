package dev.osprey.context.retrieval;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The names a chat message mentions as code: everything inside fenced blocks and inline {@code `code`} (read as code
 * by {@link Identifiers}), and in the prose only words that look like identifiers (with an underscore, an inner capital,
 * a dot or {@code ::} between names, or a call's parenthesis), so that ordinary words do not resolve to definitions
 * that happen to share them.
 */
final class ChatMentions {
    private static final Pattern FENCED = Pattern.compile("```[^\\n]*\\n(.*?)(?:```|$)", Pattern.DOTALL);
    private static final Pattern INLINE = Pattern.compile("`([^`\\n]+)`");
    private static final Pattern CODE_LIKE = Pattern.compile(
            "[A-Za-z_$][\\w$]*(?:(?:\\.|::)[A-Za-z_$][\\w$]*)+|[A-Za-z$][\\w$]*_[\\w$]*|_[\\w$]+"
                    + "|[a-z$][\\w$]*[A-Z][\\w$]*|[A-Z][a-z0-9]+[A-Z][\\w$]*|[A-Za-z_$][\\w$]*(?=\\()");

    private ChatMentions() {
    }

    /** The names, in the order mentioned, all at distance 0 (a message has no cursor); at most {@code max}. */
    static List<IdentifierUse> uses(String message, int max) {
        StringBuilder code = new StringBuilder();
        StringBuilder prose = new StringBuilder();
        int at = 0;
        Matcher fenced = FENCED.matcher(message);
        while (fenced.find()) {
            prose.append(message, at, fenced.start()).append('\n');
            code.append(fenced.group(1)).append('\n');
            at = fenced.end();
        }
        prose.append(message.substring(at));
        Matcher inline = INLINE.matcher(prose);
        StringBuilder plain = new StringBuilder();
        int from = 0;
        while (inline.find()) {
            code.append(inline.group(1)).append('\n');
            plain.append(prose, from, inline.start()).append(' ');
            from = inline.end();
        }
        plain.append(prose.substring(from));
        Matcher words = CODE_LIKE.matcher(plain);
        while (words.find()) {
            code.append(words.group()).append('\n');
        }
        Set<String> seen = new LinkedHashSet<>();
        List<IdentifierUse> uses = new ArrayList<>();
        for (IdentifierUse use : Identifiers.around(code.toString(), "", Integer.MAX_VALUE)) {
            if (seen.add(use.name()) && uses.size() < max) {
                uses.add(new IdentifierUse(use.name(), 0));
            }
        }
        return uses;
    }
}
