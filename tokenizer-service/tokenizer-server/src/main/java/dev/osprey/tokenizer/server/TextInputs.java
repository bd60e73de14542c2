package dev.osprey.tokenizer.server;

import com.google.protobuf.ByteString;
import dev.osprey.api.v1.TextInput;
import dev.osprey.tokenizer.text.Utf8;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;

/** Turns a request's {@link TextInput} into a string, enforcing presence, strict UTF-8 and the size limit. */
final class TextInputs {
    private TextInputs() {
    }

    /**
     * @param field the request field's name, for messages
     * @throws StatusRuntimeException INVALID_ARGUMENT when the input is missing or {@code utf8} is not
     *                                valid UTF-8 (naming the byte offset); RESOURCE_EXHAUSTED when it
     *                                is larger than {@code maxBytes}
     */
    static String text(boolean present, TextInput input, String field, long maxBytes) {
        if (!present || input.getValueCase() == TextInput.ValueCase.VALUE_NOT_SET) {
            throw Status.INVALID_ARGUMENT
                    .withDescription(field + " is required: set " + field + ".text or " + field + ".utf8")
                    .asRuntimeException();
        }
        ByteString bytes = input.getValueCase() == TextInput.ValueCase.TEXT ? input.getTextBytes() : input.getUtf8();
        requireSize(bytes.size(), field, maxBytes);
        if (input.getValueCase() == TextInput.ValueCase.TEXT) {
            return input.getText();
        }
        try {
            return Utf8.decodeStrict(bytes.toByteArray());
        } catch (IllegalArgumentException e) {
            throw Status.INVALID_ARGUMENT.withDescription(e.getMessage()).asRuntimeException();
        }
    }

    /** @throws StatusRuntimeException RESOURCE_EXHAUSTED when {@code bytes > maxBytes}, giving both sizes */
    static void requireSize(long bytes, String what, long maxBytes) {
        if (bytes > maxBytes) {
            throw Status.RESOURCE_EXHAUSTED
                    .withDescription(what + " is " + bytes + " bytes, above this server's limit of " + maxBytes
                            + " bytes (osprey.tokenizer.max-input-bytes)")
                    .asRuntimeException();
        }
    }
}
