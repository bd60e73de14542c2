package dev.osprey.gguf;

import java.io.IOException;
import java.nio.channels.WritableByteChannel;

/**
 * A tensor's data produced while {@link GgufWriter} writes the file, so tensors far larger than the
 * heap (or generated on the fly) never have to exist in memory as a whole.
 */
@FunctionalInterface
public interface TensorSource {

    /**
     * Writes the tensor's data in ggml layout, exactly {@code byteSize} bytes in order, to
     * {@code out}. Called once per {@link GgufWriter#write} or {@link GgufWriter#toByteArray}, on the
     * calling thread; {@code out} is only valid during the call and refuses bytes past the end.
     */
    void writeTo(WritableByteChannel out, long byteSize) throws IOException;
}
