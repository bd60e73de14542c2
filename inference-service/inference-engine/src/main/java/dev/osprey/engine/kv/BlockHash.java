package dev.osprey.engine.kv;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Identity of a full KV block's contents: the first 128 bits of SHA-256 over (parent block's hash,
 * namespace, the block's token ids). Equal hashes mean the same tokens at the same positions after the
 * same prefix, so the block's keys and values are interchangeable; a chance collision is as unlikely
 * as one in a 128-bit hash.
 */
public record BlockHash(long high, long low) {

    /**
     * @param parent    hash of the previous block of the sequence, null for the first block
     * @param namespace separates caches that must not share blocks (a model variant, a tenant); may be empty
     * @param tokens    holds the block's ids at {@code [from, from + count)}
     */
    public static BlockHash of(BlockHash parent, String namespace, int[] tokens, int from, int count) {
        byte[] ns = namespace.getBytes(StandardCharsets.UTF_8);
        ByteBuffer buffer = ByteBuffer.allocate(1 + 16 + 4 + ns.length + 4 * count).order(ByteOrder.LITTLE_ENDIAN);
        buffer.put((byte) (parent == null ? 0 : 1));
        buffer.putLong(parent == null ? 0 : parent.high).putLong(parent == null ? 0 : parent.low);
        buffer.putInt(ns.length).put(ns);
        for (int i = 0; i < count; i++) {
            buffer.putInt(tokens[from + i]);
        }
        ByteBuffer digest = ByteBuffer.wrap(sha256().digest(buffer.array()));
        return new BlockHash(digest.getLong(), digest.getLong());
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks SHA-256", e);
        }
    }
}
