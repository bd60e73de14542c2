package dev.osprey.engine.generate;

import dev.osprey.engine.sampling.StopStringMatcher;
import dev.osprey.tokenizer.StreamingDecoder;
import dev.osprey.tokenizer.Tokenizer;
import dev.osprey.tokenizer.Vocabulary;
import java.util.List;

/**
 * The text a client may be shown as a sequence's tokens are sampled: streaming UTF-8 decoding,
 * SentencePiece's leading space dropped after a BOS-only prompt (as llama.cpp does), and stop strings
 * held back across token boundaries until they either complete or cannot.
 */
public final class TokenTextStream {
    private final StreamingDecoder decoder;
    private final StopStringMatcher stops;
    private boolean dropLeadingSpace;

    public TokenTextStream(Tokenizer tokenizer, List<String> stopStrings, int[] prompt) {
        Vocabulary vocabulary = tokenizer.vocabulary();
        this.decoder = tokenizer.streamingDecoder(false);
        this.stops = new StopStringMatcher(stopStrings);
        this.dropLeadingSpace = vocabulary.addSpacePrefix() && prompt.length == 1
                && vocabulary.special(Vocabulary.Role.BOS).orElse(-1) == prompt[0];
    }

    /** Text released by {@code token}; check {@link #stopped} afterwards. */
    public String accept(int token) {
        String delta = decoder.accept(token);
        if (dropLeadingSpace && delta.startsWith(" ")) {
            delta = delta.substring(1);
        }
        dropLeadingSpace = false;
        return stops.accept(delta);
    }

    /** A stop string completed; nothing after it is released. */
    public boolean stopped() {
        return stops.stopped();
    }

    /** At the end: text still held back (an incomplete character, a stop-string prefix), then nothing more. */
    public String finish() {
        if (stops.stopped()) {
            return "";
        }
        String tail = stops.accept(decoder.flush());
        if (!stops.stopped()) {
            tail += stops.flush();
        }
        return tail;
    }
}
