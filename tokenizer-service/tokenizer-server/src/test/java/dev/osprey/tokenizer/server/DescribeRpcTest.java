package dev.osprey.tokenizer.server;

import static dev.osprey.tokenizer.server.GrpcAssertions.failsWith;
import static org.assertj.core.api.Assertions.assertThat;

import dev.osprey.api.v1.DescribeRequest;
import dev.osprey.api.v1.DescribeResponse;
import dev.osprey.api.v1.SpecialToken;
import dev.osprey.api.v1.TokenizerGrpc.TokenizerBlockingStub;
import dev.osprey.tokenizer.Vocabulary;
import io.grpc.Status;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class DescribeRpcTest {
    private static InProcessTokenizerServer server;
    private static TokenizerBlockingStub stub;

    @BeforeAll
    static void start() {
        server = InProcessTokenizerServer.withReferenceModels();
        stub = server.stub();
    }

    @AfterAll
    static void stop() throws InterruptedException {
        server.close();
    }

    private static DescribeResponse describe(String model) {
        return stub.describe(DescribeRequest.newBuilder().setModel(model).build());
    }

    private static SpecialToken special(int id, String text, String type) {
        return SpecialToken.newBuilder().setId(id).setText(text).setType(type).build();
    }

    @Test
    void describesTheDefaultModelUnderItsName() {
        DescribeResponse response = describe("");
        Vocabulary vocabulary = TestModels.registry().resolve("deepseek-coder").tokenizer().vocabulary();

        assertThat(response.getModel()).isEqualTo("deepseek-coder");
        assertThat(response.getVocabSize()).isEqualTo(32256);
        assertThat(response.getTokenizerModel()).isEqualTo("gpt2");
        assertThat(response.getPreTokenizer()).isEqualTo("deepseek-coder");
        assertThat(response.hasBosId()).isTrue();
        assertThat(response.getBosId()).isEqualTo(32013);
        assertThat(response.getEosId()).isEqualTo(32014);
        assertThat(response.getAddBos()).isTrue();
        assertThat(response.getAddEos()).isFalse();
        assertThat(response.getHasChatTemplate()).isFalse();
        assertThat(response.getChatTemplate()).isEmpty();
        assertThat(response.getSpecialTokensList())
                .hasSize(vocabulary.specialTokenIds().size())
                .contains(special(32013, vocabulary.token(32013), "control"),
                        special(32000, vocabulary.token(32000), "user_defined"));
        assertThat(response.getSpecialTokensList()).extracting(SpecialToken::getId)
                .containsExactlyElementsOf(vocabulary.specialTokenIds());
    }

    @Test
    void describesAHuggingFaceVocabularyWithItsChatTemplate() {
        DescribeResponse response = describe("qwen3");
        Vocabulary vocabulary = TestModels.registry().resolve("qwen3").tokenizer().vocabulary();

        assertThat(response.getModel()).isEqualTo("qwen3");
        assertThat(response.getVocabSize()).isEqualTo(vocabulary.size());
        assertThat(response.getTokenizerModel()).isEqualTo("gpt2");
        assertThat(response.hasBosId()).isFalse();
        assertThat(response.getEosId()).isEqualTo(151645);
        assertThat(response.getAddBos()).isFalse();
        assertThat(response.getHasChatTemplate()).isTrue();
        assertThat(response.getChatTemplate()).isEqualTo(vocabulary.chatTemplate().orElseThrow()).contains("<|im_start|>");
        assertThat(response.getSpecialTokensList()).contains(
                special(151644, "<|im_start|>", "control"),
                special(151645, "<|im_end|>", "control"));
    }

    @Test
    void unknownModelIsNotFound() {
        assertThat(failsWith(Status.Code.NOT_FOUND, () -> describe("qwen2")))
                .isEqualTo("unknown model 'qwen2'; this server serves deepseek-coder, qwen3");
    }
}
