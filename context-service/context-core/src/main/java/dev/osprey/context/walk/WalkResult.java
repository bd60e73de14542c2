package dev.osprey.context.walk;

import dev.osprey.context.index.SkippedFile;
import java.util.List;
import java.util.Map;

/**
 * The files of a directory walk.
 *
 * @param files   repository-relative path ({@code /} separators) to content, sorted by path
 * @param skipped files left out with the reason (symlinks, oversized, binary, invalid UTF-8, unreadable)
 * @param ignored number of files and directories left out by {@code .gitignore} rules (not listed)
 */
public record WalkResult(Map<String, byte[]> files, List<SkippedFile> skipped, int ignored) {
}
