package dev.osprey.tokenizer.server;

import static dev.osprey.testkit.GrpcAssertions.failsWith;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import dev.osprey.api.v1.CountRequest;
import dev.osprey.api.v1.EncodeOptions;
import dev.osprey.api.v1.TextInput;
import dev.osprey.tokenizer.Tokenizer;
import io.grpc.Status;
import org.junit.jupiter.api.Test;

class CountRpcTest extends ReferenceServerTest {
    private static CountRequest request(String model, String text) {
        return CountRequest.newBuilder().setModel(model).setInput(TextInput.newBuilder().setText(text)).build();
    }

    @Test
    void countsTheIdsEncodeGives() {
        // llama.cpp's ggml-vocab-deepseek-coder.gguf.out, line 19: " this is 🦙.cpp" is 7 tokens
        assertThat(stub.count(request("deepseek-coder", " this is 🦙.cpp")).getCount()).isEqualTo(7);

        String code = "public static void main(String[] args) { System.out.println(\"hi\"); }";
        Tokenizer qwen = TestModels.registry().resolve("qwen3").tokenizer();
        assertThat(stub.count(request("qwen3", code)).getCount())
                .isEqualTo(qwen.encode(code, dev.osprey.tokenizer.EncodeOptions.PLAIN).length);
    }

    @Test
    void addSpecialCountsTheAddedBos() {
        CountRequest request = request("deepseek-coder", "Hello world").toBuilder()
                .setOptions(EncodeOptions.newBuilder().setAddSpecial(true)).build();

        assertThat(stub.count(request).getCount()).isEqualTo(3);
    }

    @Test
    void malformedRequestsAreRejected() {
        CountRequest invalidUtf8 = CountRequest.newBuilder()
                .setInput(TextInput.newBuilder().setUtf8(ByteString.copyFrom(new byte[] {(byte) 0xFF}))).build();

        assertThat(failsWith(Status.Code.INVALID_ARGUMENT, () -> stub.count(invalidUtf8)))
                .isEqualTo("input is not valid UTF-8 (malformed sequence at byte 0)");
        assertThat(failsWith(Status.Code.INVALID_ARGUMENT, () -> stub.count(CountRequest.getDefaultInstance())))
                .isEqualTo("input is required: set input.text or input.utf8");
        assertThat(failsWith(Status.Code.NOT_FOUND, () -> stub.count(request("missing", "x"))))
                .startsWith("unknown model 'missing'");
    }

    @Test
    void inputAboveTheByteLimitIsResourceExhausted() {
        try (InProcessTokenizerServer small = new InProcessTokenizerServer(TestModels.registry(), new RequestLimits(4, 8))) {
            assertThat(failsWith(Status.Code.RESOURCE_EXHAUSTED, () -> small.stub().count(request("", "12345"))))
                    .startsWith("input is 5 bytes, above this server's limit of 4 bytes");
        }
    }
}
