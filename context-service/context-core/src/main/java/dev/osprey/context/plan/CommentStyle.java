package dev.osprey.context.plan;

import java.util.Locale;
import java.util.Set;

/** Line-comment syntax by file extension, for cross-file snippets written as comments (Tabby's layout). */
final class CommentStyle {
    private static final Set<String> HASH = Set.of("py", "rb", "sh", "bash", "zsh", "pl", "r", "yaml", "yml", "toml",
            "cmake", "dockerfile", "ex", "exs", "jl", "nim", "ps1", "tcl");
    private static final Set<String> DASHES = Set.of("sql", "lua", "hs", "elm", "ada", "adb", "vhd", "vhdl");

    private CommentStyle() {
    }

    /** The line-comment marker for {@code path}; {@code //} when the extension is unknown. */
    static String of(String path) {
        String name = path.substring(path.lastIndexOf('/') + 1).toLowerCase(Locale.ROOT);
        String ext = name.contains(".") ? name.substring(name.lastIndexOf('.') + 1) : name;
        if (HASH.contains(ext)) {
            return "#";
        }
        if (DASHES.contains(ext)) {
            return "--";
        }
        return "//";
    }

    /** {@code c Path: path} then every line of the snippet commented out, ending with a newline. */
    static String commented(Snippet s, String marker) {
        StringBuilder b = new StringBuilder(marker).append(" Path: ").append(s.path()).append('\n');
        for (String line : s.text().split("\n", -1)) {
            b.append(marker).append(line.isEmpty() ? "" : " " + line).append('\n');
        }
        return b.toString();
    }
}
