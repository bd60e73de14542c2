package dev.osprey.tokenizer.server;

import static dev.osprey.testkit.GrpcAssertions.failsWith;
import static org.assertj.core.api.Assertions.assertThat;

import dev.osprey.api.v1.DecodeRequest;
import dev.osprey.api.v1.DecodeResponse;
import dev.osprey.tokenizer.EncodeOptions;
import dev.osprey.tokenizer.Tokenizer;
import io.grpc.Status;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class DecodeRpcTest extends ReferenceServerTest {
    private static DecodeRequest request(String model, int... ids) {
        DecodeRequest.Builder request = DecodeRequest.newBuilder().setModel(model);
        for (int id : ids) {
            request.addIds(id);
        }
        return request.build();
    }

    @Test
    void decodesLlamaCppIdsToTheirText() {
        // llama.cpp's ggml-vocab-deepseek-coder.gguf.out, line 17: " Hello, world!"
        DecodeResponse response = stub.decode(request("deepseek-coder", 414, 9489, 11, 1835, 0));

        assertThat(response.getText()).isEqualTo(" Hello, world!");
        assertThat(response.getUtf8().toStringUtf8()).isEqualTo(" Hello, world!");
    }

    @Test
    void decodeInvertsEncodeForEachModel() {
        String text = "fn main() {\n\tprintln!(\"Grüße, 世界 🦀\");\n}\n";
        for (String model : List.of(TestModels.DEEPSEEK_CODER, TestModels.QWEN3)) {
            Tokenizer tokenizer = TestModels.registry().resolve(model).tokenizer();
            DecodeResponse response = stub.decode(request(model, tokenizer.encode(text, EncodeOptions.PLAIN)));

            assertThat(response.getText()).as(model).isEqualTo(text);
            assertThat(response.getUtf8().toByteArray()).as(model).isEqualTo(text.getBytes(StandardCharsets.UTF_8));
        }
    }

    @Test
    void controlTokensAreOmittedUnlessRenderSpecial() {
        String bos = TestModels.registry().resolve("deepseek-coder").tokenizer().vocabulary().token(32013);
        DecodeRequest request = request("deepseek-coder", 32013, 17535, 1835);

        assertThat(stub.decode(request).getText()).isEqualTo("Hello world");
        assertThat(stub.decode(request.toBuilder().setRenderSpecial(true).build()).getText())
                .isEqualTo(bos + "Hello world");
    }

    @Test
    void aCutInsideACharacterIsExactInUtf8AndReplacedInText() {
        // llama.cpp's vectors split " 🦙" (20 F0 9F A6 99) into 12394 99 234
        byte[] llama = " 🦙".getBytes(StandardCharsets.UTF_8);
        assertThat(stub.decode(request("deepseek-coder", 12394, 99, 234)).getText()).isEqualTo(" 🦙");

        DecodeResponse cut = stub.decode(request("deepseek-coder", 12394));

        byte[] utf8 = cut.getUtf8().toByteArray();
        assertThat(utf8).hasSizeBetween(2, llama.length - 1);
        assertThat(utf8).isEqualTo(Arrays.copyOf(llama, utf8.length));
        assertThat(cut.getText()).matches(" \uFFFD+");
    }

    @Test
    void noIdsDecodeToNothing() {
        DecodeResponse response = stub.decode(request(""));

        assertThat(response.getText()).isEmpty();
        assertThat(response.getUtf8().isEmpty()).isTrue();
    }

    @Test
    void idOutsideTheVocabularyIsRejectedNamingIt() {
        assertThat(failsWith(Status.Code.INVALID_ARGUMENT, () -> stub.decode(request("deepseek-coder", 17535, 32256))))
                .isEqualTo("ids[1] = 32256 is outside the vocabulary of model 'deepseek-coder' (ids 0..32255)");
        // uint32 ids above 2^31 - 1 arrive as negative ints and are named unsigned
        assertThat(failsWith(Status.Code.INVALID_ARGUMENT, () -> stub.decode(request("", -1))))
                .isEqualTo("ids[0] = 4294967295 is outside the vocabulary of model 'deepseek-coder' (ids 0..32255)");
    }

    @Test
    void moreIdsThanTheLimitIsResourceExhausted() {
        try (InProcessTokenizerServer small = new InProcessTokenizerServer(TestModels.registry(), new RequestLimits(1024, 4))) {
            assertThat(small.stub().decode(request("", 17535, 1835, 17535, 1835)).getText()).isEqualTo("Hello worldHello world");
            assertThat(failsWith(Status.Code.RESOURCE_EXHAUSTED, () -> small.stub().decode(request("", 1, 2, 3, 4, 5))))
                    .startsWith("ids holds 5 token ids, above this server's limit of 4");
        }
    }

    @Test
    void unknownModelIsNotFound() {
        assertThat(failsWith(Status.Code.NOT_FOUND, () -> stub.decode(request("nope", 1))))
                .isEqualTo("unknown model 'nope'; this server serves deepseek-coder, qwen3");
    }

    @Test
    void piecesNameEachIdAndJoinToTheText() {
        // llama.cpp's ggml-vocab-deepseek-coder.gguf.out, line 17: " Hello, world!"
        DecodeResponse response = stub.decode(request("deepseek-coder", 414, 9489, 11, 1835, 0).toBuilder()
                .setWithPieces(true).build());

        assertThat(response.getPiecesList()).extracting(p -> p.toStringUtf8())
                .containsExactly(" H", "ello", ",", " world", "!");
        assertThat(stub.decode(request("deepseek-coder", 414)).getPiecesList()).isEmpty();
    }

    /** A SentencePiece vocabulary drops the first word's space from the text, never from its piece. */
    @Test
    void piecesKeepTheLeadingSpaceThatDecodingTheFirstWordDrops() {
        ModelRegistry stories = new ModelRegistry(List.of(ServedModel.load("stories",
                dev.osprey.testkit.ReferenceFiles.path("models/stories260K.gguf"))), "stories");
        try (InProcessTokenizerServer server = new InProcessTokenizerServer(stories, InProcessTokenizerServer.DEFAULT_LIMITS)) {
            Tokenizer tokenizer = stories.resolve("stories").tokenizer();
            int[] ids = tokenizer.encode("Once upon", EncodeOptions.PLAIN);
            DecodeResponse response = server.stub().decode(request("stories", ids).toBuilder().setWithPieces(true).build());

            assertThat(response.getText()).isEqualTo("Once upon");
            assertThat(response.getPiecesList()).hasSize(ids.length);
            assertThat(response.getPieces(0).toStringUtf8()).startsWith(" ");
            StringBuilder joined = new StringBuilder();
            response.getPiecesList().forEach(p -> joined.append(p.toStringUtf8()));
            assertThat(joined.toString()).isEqualTo(" Once upon");
        }
    }
}
