package dev.osprey.tokenizer.server;

import static dev.osprey.testkit.GrpcAssertions.failsWith;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import dev.osprey.api.v1.EncodeOptions;
import dev.osprey.api.v1.EncodeRequest;
import dev.osprey.api.v1.EncodeResponse;
import dev.osprey.api.v1.TextInput;
import dev.osprey.api.v1.TokenSpan;
import dev.osprey.api.v1.TokenizerGrpc.TokenizerBlockingStub;
import dev.osprey.testkit.TokenizerVectors;
import dev.osprey.tokenizer.Tokenizer;
import io.grpc.Status;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class EncodeRpcTest extends ReferenceServerTest {
    private static EncodeRequest request(String model, String text) {
        return EncodeRequest.newBuilder().setModel(model).setInput(TextInput.newBuilder().setText(text)).build();
    }

    private static int[] ids(EncodeResponse response) {
        return response.getIdsList().stream().mapToInt(Integer::intValue).toArray();
    }

    @Test
    void idsMatchLlamaCppForDeepSeekCoder() {
        // llama.cpp's ggml-vocab-deepseek-coder.gguf.out, lines 12 and 1
        assertThat(ids(stub.encode(request("", "Hello world")))).containsExactly(17535, 1835);
        assertThat(ids(stub.encode(request("deepseek-coder", "ied 4 ½ months"))))
                .containsExactly(1050, 207, 19, 207, 19192, 4217);
    }

    @Test
    void everyLlamaCppVectorOfDeepSeekCoderRoundTripsThroughTheService() {
        List<TokenizerVectors.Case> cases = TokenizerVectors.reference("tokenizer-vectors/ggml-vocab-deepseek-coder.gguf");
        assertThat(cases).hasSizeGreaterThan(40);
        for (TokenizerVectors.Case c : cases) {
            assertThat(ids(stub.encode(request("deepseek-coder", c.text())))).as(c.toString()).containsExactly(c.expected());
        }
    }

    @Test
    void idsMatchTheCoreTokenizerForEachModelAndOption() {
        String code = "def fib(n):\n    return n if n < 2 else fib(n - 1) + fib(n - 2)  # 🦙\n<|im_end|>";
        for (String model : List.of(TestModels.DEEPSEEK_CODER, TestModels.QWEN3)) {
            Tokenizer tokenizer = TestModels.registry().resolve(model).tokenizer();
            for (boolean addSpecial : new boolean[] {false, true}) {
                for (boolean parseSpecial : new boolean[] {false, true}) {
                    EncodeRequest request = request(model, code).toBuilder()
                            .setOptions(EncodeOptions.newBuilder().setAddSpecial(addSpecial).setParseSpecial(parseSpecial))
                            .build();
                    assertThat(ids(stub.encode(request)))
                            .as("%s add_special=%s parse_special=%s", model, addSpecial, parseSpecial)
                            .containsExactly(tokenizer.encode(code, new dev.osprey.tokenizer.EncodeOptions(addSpecial, parseSpecial)));
                }
            }
        }
    }

    @Test
    void addSpecialAddsBosAsTheVocabularyDeclares() {
        EncodeRequest request = request("deepseek-coder", "Hello world").toBuilder()
                .setOptions(EncodeOptions.newBuilder().setAddSpecial(true)).build();

        assertThat(ids(stub.encode(request))).containsExactly(32013, 17535, 1835);
    }

    @Test
    void specialTokenTextIsParsedOnlyWhenAsked() {
        int imStart = 151644;
        EncodeRequest plain = request("qwen3", "<|im_start|>user");
        EncodeRequest parsed = plain.toBuilder().setOptions(EncodeOptions.newBuilder().setParseSpecial(true)).build();

        assertThat(ids(stub.encode(plain))).doesNotContain(imStart);
        assertThat(ids(stub.encode(parsed))).startsWith(imStart).hasSize(2);
    }

    @Test
    void utf8BytesEncodeLikeTheSameText() {
        String text = "Cửa Việt 🚀 naïve";
        EncodeRequest bytes = EncodeRequest.newBuilder()
                .setInput(TextInput.newBuilder().setUtf8(ByteString.copyFromUtf8(text))).build();

        assertThat(ids(stub.encode(bytes))).containsExactly(ids(stub.encode(request("", text))));
    }

    @Test
    void offsetsGiveEachTokensByteSpanAndPiece() {
        String text = "ied 4 ½ months Äpfel 🦙";
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        EncodeResponse response = stub.encode(request("deepseek-coder", text).toBuilder().setWithOffsets(true).build());

        assertThat(response.getSpansCount()).isEqualTo(response.getIdsCount());
        assertThat(response.getPiecesCount()).isEqualTo(response.getIdsCount());
        int expectedStart = 0;
        for (int i = 0; i < response.getIdsCount(); i++) {
            TokenSpan span = response.getSpans(i);
            assertThat(span.getStart()).as("start of token %d", i).isEqualTo(expectedStart);
            // byte-level BPE without normalization: each piece is exactly the input bytes it covers
            assertThat(response.getPieces(i).toByteArray())
                    .as("piece of token %d", i)
                    .isEqualTo(Arrays.copyOfRange(utf8, span.getStart(), span.getEnd()));
            expectedStart = span.getEnd();
        }
        assertThat(expectedStart).isEqualTo(utf8.length);
    }

    @Test
    void offsetsGiveAnAddedBosAnEmptySpanAndItsText() {
        EncodeResponse response = stub.encode(request("deepseek-coder", "Hi").toBuilder()
                .setOptions(EncodeOptions.newBuilder().setAddSpecial(true))
                .setWithOffsets(true)
                .build());

        assertThat(response.getIds(0)).isEqualTo(32013);
        assertThat(response.getSpans(0)).isEqualTo(TokenSpan.newBuilder().setStart(0).setEnd(0).build());
        String bos = TestModels.registry().resolve("deepseek-coder").tokenizer().vocabulary().token(32013);
        assertThat(response.getPieces(0).toStringUtf8()).isEqualTo(bos);
    }

    @Test
    void withoutOffsetsNoSpansOrPiecesAreSent() {
        EncodeResponse response = stub.encode(request("", "Hello world"));

        assertThat(response.getSpansCount()).isZero();
        assertThat(response.getPiecesCount()).isZero();
    }

    @Test
    void emptyTextHasNoTokens() {
        assertThat(stub.encode(request("", "")).getIdsCount()).isZero();
    }

    @Test
    void invalidUtf8IsRejectedNamingTheByteOffset() {
        byte[] bad = {'a', 'b', (byte) 0xC3, '(', 'c'};
        EncodeRequest request = EncodeRequest.newBuilder()
                .setInput(TextInput.newBuilder().setUtf8(ByteString.copyFrom(bad))).build();

        assertThat(failsWith(Status.Code.INVALID_ARGUMENT, () -> stub.encode(request)))
                .isEqualTo("input is not valid UTF-8 (malformed sequence at byte 2)");
    }

    @Test
    void missingInputIsRejected() {
        EncodeRequest noInput = EncodeRequest.newBuilder().setModel("deepseek-coder").build();
        EncodeRequest emptyInput = noInput.toBuilder().setInput(TextInput.getDefaultInstance()).build();

        assertThat(failsWith(Status.Code.INVALID_ARGUMENT, () -> stub.encode(noInput)))
                .isEqualTo("input is required: set input.text or input.utf8");
        assertThat(failsWith(Status.Code.INVALID_ARGUMENT, () -> stub.encode(emptyInput)))
                .isEqualTo("input is required: set input.text or input.utf8");
    }

    @Test
    void unknownModelIsNotFoundListingTheServedModels() {
        assertThat(failsWith(Status.Code.NOT_FOUND, () -> stub.encode(request("gpt-4", "x"))))
                .isEqualTo("unknown model 'gpt-4'; this server serves deepseek-coder, qwen3");
    }

    @Test
    void inputAboveTheByteLimitIsResourceExhaustedGivingBothSizes() {
        try (InProcessTokenizerServer small = new InProcessTokenizerServer(TestModels.registry(), new RequestLimits(16, 8))) {
            TokenizerBlockingStub limited = small.stub();
            // 16 bytes pass; the limit counts UTF-8 bytes, not chars: 9 × "é" is 18 bytes
            assertThat(limited.encode(request("", "0123456789abcdef")).getIdsCount()).isPositive();
            String text = "ééééééééé";
            assertThat(failsWith(Status.Code.RESOURCE_EXHAUSTED, () -> limited.encode(request("", text))))
                    .startsWith("input is 18 bytes, above this server's limit of 16 bytes");
            EncodeRequest bytes = EncodeRequest.newBuilder()
                    .setInput(TextInput.newBuilder().setUtf8(ByteString.copyFromUtf8(text))).build();
            assertThat(failsWith(Status.Code.RESOURCE_EXHAUSTED, () -> limited.encode(bytes)))
                    .startsWith("input is 18 bytes, above this server's limit of 16 bytes");
        }
    }
}
