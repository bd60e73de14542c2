package dev.osprey.tokenizer.server;

import static dev.osprey.testkit.GrpcAssertions.failsWith;
import static org.assertj.core.api.Assertions.assertThat;

import dev.osprey.api.v1.DescribeRequest;
import dev.osprey.api.v1.DescribeResponse;
import dev.osprey.api.v1.FimSupport;
import dev.osprey.api.v1.SpecialToken;
import dev.osprey.testkit.ReferenceFiles;
import dev.osprey.tokenizer.Vocabulary;
import io.grpc.Status;
import java.util.List;
import org.junit.jupiter.api.Test;

class DescribeRpcTest extends ReferenceServerTest {
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
        // <｜fim▁begin｜> <｜fim▁hole｜> <｜fim▁end｜>; DeepSeek-Coder has no pad or repository tokens
        assertThat(response.getFim()).isEqualTo(FimSupport.newBuilder().setSupported(true).setFormat("deepseek")
                .setPrefixId(32016).setSuffixId(32015).setMiddleId(32017).build());
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
        // Qwen2.5-Coder FIM tokens: <|fim_prefix|> <|fim_suffix|> <|fim_middle|> <|fim_pad|> <|repo_name|> <|file_sep|>
        assertThat(response.getFim()).isEqualTo(FimSupport.newBuilder().setSupported(true).setFormat("qwen")
                .setPrefixId(151659).setSuffixId(151661).setMiddleId(151660)
                .setPadId(151662).setRepoNameId(151663).setFileSepId(151664).build());
    }

    @Test
    void aVocabularyWithoutFimTokensSaysSo() {
        ModelRegistry gpt2 = new ModelRegistry(List.of(ServedModel.load("gpt-2",
                ReferenceFiles.path("tokenizer-vectors/ggml-vocab-gpt-2.gguf"))), "gpt-2");
        try (InProcessTokenizerServer plain = new InProcessTokenizerServer(gpt2, InProcessTokenizerServer.DEFAULT_LIMITS)) {
            DescribeResponse response = plain.stub().describe(DescribeRequest.getDefaultInstance());

            assertThat(response.getModel()).isEqualTo("gpt-2");
            assertThat(response.getFim()).isEqualTo(FimSupport.getDefaultInstance());
            assertThat(response.getSpecialTokensList()).extracting(SpecialToken::getText).contains("<|endoftext|>");
        }
    }

    @Test
    void unknownModelIsNotFound() {
        assertThat(failsWith(Status.Code.NOT_FOUND, () -> describe("qwen2")))
                .isEqualTo("unknown model 'qwen2'; this server serves deepseek-coder, qwen3");
    }
}
