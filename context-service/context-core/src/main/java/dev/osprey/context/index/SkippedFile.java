package dev.osprey.context.index;

/** A file that was not indexed, and why (oversized, binary, invalid UTF-8, unsafe path, symlink outside the root). */
public record SkippedFile(String path, String reason) {
}
