package dev.osprey.gateway.render;

import java.util.UUID;
import java.util.function.IntFunction;

/**
 * What every object of one response shares: its id ({@code cmpl-…}, {@code chatcmpl-…}), creation time
 * (Unix seconds), the model's name, and how to spell a token id ({@code pieces}, filled before rendering
 * when log-probabilities are asked for).
 */
public record ResponseIdentity(String id, long created, String model, IntFunction<byte[]> pieces) {

    public static ResponseIdentity create(String prefix, String model, IntFunction<byte[]> pieces) {
        return new ResponseIdentity(prefix + UUID.randomUUID().toString().replace("-", ""),
                System.currentTimeMillis() / 1000, model, pieces);
    }

    /** The exact bytes token {@code id} contributes to generated text. */
    byte[] piece(int id) {
        return pieces.apply(id);
    }
}
