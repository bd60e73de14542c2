package dev.osprey.context.retrieval;

import dev.osprey.context.symbol.Definition;
import dev.osprey.context.symbol.FileSymbols;
import java.util.List;

/**
 * A definition's skeleton, the way a repository map shows it: the head of its doc comment (its first
 * {@value #MAX_DOC_LINES} lines), the signature, and for a class, interface or module the signatures of its direct
 * members, indented. It is what a caller needs to use the definition; the body follows only when room allows.
 */
final class Skeletons {
    /** Doc comment lines kept; a longer doc ends with a line {@code …}. */
    static final int MAX_DOC_LINES = 3;
    /** Member signatures listed for one container. */
    static final int MAX_MEMBERS = 6;
    /** A member signature longer than this is cut, with {@code …}. */
    static final int MAX_MEMBER_CHARS = 120;

    private Skeletons() {
    }

    static String of(Definition d, FileSymbols file) {
        StringBuilder out = new StringBuilder();
        if (!d.doc().isEmpty()) {
            List<String> doc = d.doc().lines().toList();
            out.append(String.join("\n", doc.subList(0, Math.min(MAX_DOC_LINES, doc.size()))))
                    .append(doc.size() > MAX_DOC_LINES ? "\n…\n" : "\n");
        }
        out.append(d.signature());
        if (d.kind().container() && file != null) {
            int listed = 0;
            for (Definition member : file.definitions()) {
                if (member.container().equals(d.symbol()) && listed++ < MAX_MEMBERS) {
                    String signature = member.signature();
                    out.append("\n    ").append(signature.length() <= MAX_MEMBER_CHARS ? signature
                            : signature.substring(0, MAX_MEMBER_CHARS) + "…");
                }
            }
            if (listed > MAX_MEMBERS) {
                out.append("\n    // ").append(listed - MAX_MEMBERS).append(" more members");
            }
        }
        return out.toString();
    }
}
