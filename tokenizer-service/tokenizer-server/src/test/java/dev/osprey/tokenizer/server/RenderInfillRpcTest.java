package dev.osprey.tokenizer.server;

import static dev.osprey.testkit.GrpcAssertions.failsWith;
import static org.assertj.core.api.Assertions.assertThat;

import dev.osprey.api.v1.RenderInfillRequest;
import dev.osprey.api.v1.RenderInfillResponse;
import dev.osprey.api.v1.RepositoryFile;
import dev.osprey.testkit.ReferenceFiles;
import dev.osprey.tokenizer.EncodeOptions;
import dev.osprey.tokenizer.Tokenizer;
import dev.osprey.tokenizer.fim.FimPromptBuilder;
import dev.osprey.tokenizer.fim.FimRequest;
import dev.osprey.tokenizer.fim.RepositoryContext;
import io.grpc.Status;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class RenderInfillRpcTest extends ReferenceServerTest {
    private static final String PREFIX = "def area(r):\n    return ";
    private static final String SUFFIX = " * r * r\n\nprint(area(2))\n";

    private static RenderInfillRequest request(String model) {
        return RenderInfillRequest.newBuilder().setModel(model).setPrefix(PREFIX).setSuffix(SUFFIX).build();
    }

    private static List<Integer> plain(String model, String text) {
        Tokenizer tokenizer = TestModels.registry().resolve(model).tokenizer();
        return Arrays.stream(tokenizer.encode(text, EncodeOptions.PLAIN)).boxed().toList();
    }

    @Test
    void deepSeekCoderPromptIsBosThenPrefixHoleSuffixEnd() {
        RenderInfillResponse response = stub.renderInfill(request("deepseek-coder"));

        // <｜begin▁of▁sentence｜> <｜fim▁begin｜> prefix <｜fim▁hole｜> suffix <｜fim▁end｜>
        List<Integer> expected = new ArrayList<>(List.of(32013, 32016));
        expected.addAll(plain("deepseek-coder", PREFIX));
        expected.add(32015);
        expected.addAll(plain("deepseek-coder", SUFFIX));
        expected.add(32017);
        assertThat(response.getIdsList()).isEqualTo(expected);
        assertThat(response.getFormat()).isEqualTo("deepseek");
        assertThat(response.getText()).isEqualTo("<｜begin▁of▁sentence｜><｜fim▁begin｜>" + PREFIX + "<｜fim▁hole｜>" + SUFFIX + "<｜fim▁end｜>");
    }

    @Test
    void qwenPromptCarriesRepositoryContext() {
        RenderInfillRequest request = request("qwen3").toBuilder()
                .setRepositoryName("geometry")
                .addFiles(RepositoryFile.newBuilder().setPath("consts.py").setContent("PI = 3.14159\n"))
                .setPath("area.py")
                .build();

        RenderInfillResponse response = stub.renderInfill(request);

        Tokenizer qwen = TestModels.registry().resolve("qwen3").tokenizer();
        int[] expected = FimPromptBuilder.forModel("qwen3", qwen).build(FimRequest.of(PREFIX, SUFFIX).withRepository(
                new RepositoryContext("geometry", List.of(new RepositoryContext.File("consts.py", "PI = 3.14159\n")), "area.py")))
                .ids();
        assertThat(response.getIdsList()).containsExactly(Arrays.stream(expected).boxed().toArray(Integer[]::new));
        assertThat(response.getFormat()).isEqualTo("qwen");
        assertThat(response.getIdsList().getFirst()).as("<|repo_name|>").isEqualTo(151663);
        assertThat(response.getIdsList()).filteredOn(id -> id == 151664).as("<|file_sep|>").hasSize(2);
        assertThat(response.getText()).startsWith("<|repo_name|>geometry\n<|file_sep|>consts.py\nPI = 3.14159\n")
                .endsWith("<|fim_middle|>");
    }

    @Test
    void repositoryContextIsLeftOutWhereTheFormatHasNone() {
        RenderInfillRequest withRepository = request("deepseek-coder").toBuilder()
                .setRepositoryName("geometry")
                .addFiles(RepositoryFile.newBuilder().setPath("consts.py").setContent("PI = 3.14159\n"))
                .setPath("area.py")
                .build();

        assertThat(stub.renderInfill(withRepository).getIdsList())
                .isEqualTo(stub.renderInfill(request("deepseek-coder")).getIdsList());
    }

    @Test
    void fimTokenTextInCodeStaysText() {
        RenderInfillRequest request = request("qwen3").toBuilder().setPrefix("x = '<|fim_middle|>'\n").build();

        assertThat(stub.renderInfill(request).getIdsList()).filteredOn(id -> id == 151660).hasSize(1);
    }

    @Test
    void aModelWithoutFimTokensIsAFailedPrecondition() {
        ModelRegistry gpt2 = new ModelRegistry(List.of(ServedModel.load("gpt-2",
                ReferenceFiles.path("tokenizer-vectors/ggml-vocab-gpt-2.gguf"))), "gpt-2");
        try (InProcessTokenizerServer plainServer = new InProcessTokenizerServer(gpt2, InProcessTokenizerServer.DEFAULT_LIMITS)) {
            assertThat(failsWith(Status.Code.FAILED_PRECONDITION, () -> plainServer.stub().renderInfill(request(""))))
                    .startsWith("model gpt-2 has no fill-in-the-middle tokens");
        }
    }

    @Test
    void malformedRequestsAreRejected() {
        assertThat(failsWith(Status.Code.NOT_FOUND, () -> stub.renderInfill(request("codellama"))))
                .startsWith("unknown model 'codellama'");
        try (InProcessTokenizerServer small = new InProcessTokenizerServer(TestModels.registry(), new RequestLimits(40, 8))) {
            RenderInfillRequest request = request("").toBuilder()
                    .addFiles(RepositoryFile.newBuilder().setPath("a.py").setContent("x = 1\n")).build();
            int bytes = PREFIX.length() + SUFFIX.length() + "a.py".length() + "x = 1\n".length();
            assertThat(failsWith(Status.Code.RESOURCE_EXHAUSTED, () -> small.stub().renderInfill(request)))
                    .startsWith("the infill request is " + bytes + " bytes, above this server's limit of 40 bytes");
        }
    }
}
