package dev.osprey.gateway.render;

/**
 * Where each token starts in a choice's text, for the legacy completions {@code text_offset}: the
 * number of characters (Unicode code points, as OpenAI counts them) completed before the token's
 * first byte. A token that continues a character cut by the previous one starts at that character.
 * Fed every token's bytes in order.
 */
final class TextOffsets {
    private int started;
    private int continuationsDue;

    /** Offsets counted from {@code lead} (the echoed prompt). */
    TextOffsets(String lead) {
        started = lead.codePointCount(0, lead.length());
    }

    int current() {
        return continuationsDue > 0 ? started - 1 : started;
    }

    void advance(byte[] bytes) {
        for (byte value : bytes) {
            int b = value & 0xff;
            if ((b & 0xC0) == 0x80) {
                continuationsDue = Math.max(0, continuationsDue - 1);
                continue;
            }
            started++;
            continuationsDue = b >= 0xF0 ? 3 : b >= 0xE0 ? 2 : b >= 0xC0 ? 1 : 0;
        }
    }
}
