package dev.osprey.tokenizer.server;

import static dev.osprey.testkit.GrpcAssertions.failsWith;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import dev.osprey.api.v1.ClassifiedToken;
import dev.osprey.api.v1.ClassifyRequest;
import dev.osprey.api.v1.ClassifyResponse;
import dev.osprey.api.v1.TextInput;
import dev.osprey.api.v1.TokenClass;
import dev.osprey.tokenizer.EncodeOptions;
import dev.osprey.tokenizer.Encoding;
import dev.osprey.tokenizer.Tokenizer;
import dev.osprey.tokenizer.classes.CodeTokenClassifier;
import dev.osprey.tokenizer.classes.SourceLanguage;
import io.grpc.Status;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClassifyRpcTest extends ReferenceServerTest {
    private static final String JAVA = "int answer = 7; // the answer\nString s = \"hi\";\n";

    private static ClassifyRequest request(String model, String text, String language) {
        return ClassifyRequest.newBuilder().setModel(model).setLanguage(language)
                .setInput(TextInput.newBuilder().setText(text)).build();
    }

    /** The source text token {@code i} covers. */
    private static String covered(ClassifiedToken token, byte[] utf8) {
        return new String(Arrays.copyOfRange(utf8, token.getSpan().getStart(), token.getSpan().getEnd()), StandardCharsets.UTF_8);
    }

    private static ClassifiedToken tokenCovering(ClassifyResponse response, String text, String fragment) {
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        return response.getTokensList().stream().filter(t -> covered(t, utf8).strip().equals(fragment)).findFirst()
                .orElseThrow(() -> new AssertionError("no token covers exactly '" + fragment + "'"));
    }

    @Test
    void classifiesEachTokenOfJavaSource() {
        ClassifyResponse response = stub.classify(request("deepseek-coder", JAVA, "java"));

        assertThat(response.getLanguage()).isEqualTo("java");
        assertThat(tokenCovering(response, JAVA, "int").getClassesList()).containsExactly(TokenClass.TOKEN_CLASS_KEYWORD);
        assertThat(tokenCovering(response, JAVA, "7").getClassesList()).containsExactly(TokenClass.TOKEN_CLASS_NUMBER_LITERAL);
        assertThat(tokenCovering(response, JAVA, "=").getClassesList())
                .containsExactly(TokenClass.TOKEN_CLASS_WHITESPACE, TokenClass.TOKEN_CLASS_OPERATOR);
        assertThat(tokenCovering(response, JAVA, ";").getClassesList()).containsExactly(TokenClass.TOKEN_CLASS_PUNCTUATION);
        assertThat(tokenCovering(response, JAVA, "answer").getClassesList()).contains(TokenClass.TOKEN_CLASS_IDENTIFIER);
        byte[] utf8 = JAVA.getBytes(StandardCharsets.UTF_8);
        assertThat(response.getTokensList())
                .filteredOn(t -> covered(t, utf8).contains("//"))
                .singleElement()
                .satisfies(t -> assertThat(t.getClassesList()).contains(TokenClass.TOKEN_CLASS_COMMENT));
    }

    @Test
    void tokensSpansPiecesAndClassesMatchTheCore() {
        Tokenizer tokenizer = TestModels.registry().resolve("qwen3").tokenizer();
        String python = "def fib(n):\n    return n if n < 2 else fib(n - 1) + fib(n - 2)  # memo? 🦙\n";
        Encoding encoding = tokenizer.encodeWithSpans(python, EncodeOptions.PLAIN);
        List<List<dev.osprey.tokenizer.classes.TokenClass>> classes =
                new CodeTokenClassifier().classify(python, SourceLanguage.PYTHON, encoding);

        ClassifyResponse response = stub.classify(request("qwen3", python, "py"));

        assertThat(response.getLanguage()).isEqualTo("python");
        assertThat(response.getTokensCount()).isEqualTo(encoding.size());
        for (int i = 0; i < encoding.size(); i++) {
            ClassifiedToken token = response.getTokens(i);
            assertThat(token.getId()).isEqualTo(encoding.ids()[i]);
            assertThat(token.getSpan().getStart()).isEqualTo(encoding.starts()[i]);
            assertThat(token.getSpan().getEnd()).isEqualTo(encoding.ends()[i]);
            assertThat(token.getPiece().toByteArray()).isEqualTo(tokenizer.piece(encoding.ids()[i], true));
            assertThat(token.getClassesList()).extracting(c -> c.name().substring("TOKEN_CLASS_".length()))
                    .as("classes of token %d", i)
                    .containsExactlyElementsOf(classes.get(i).stream().map(Enum::name).toList());
        }
    }

    @Test
    void specialTokenTextInSourceIsNotParsed() {
        String source = "s = \"<|im_end|>\"\n";
        ClassifyResponse response = stub.classify(request("qwen3", source, "python"));

        assertThat(response.getTokensList()).extracting(ClassifiedToken::getId).doesNotContain(151645);
    }

    @Test
    void languageMustBeSupported() {
        assertThat(failsWith(Status.Code.INVALID_ARGUMENT, () -> stub.classify(request("", JAVA, "cobol"))))
                .startsWith("unsupported source language 'cobol'; supported: java, python");
        assertThat(failsWith(Status.Code.INVALID_ARGUMENT, () -> stub.classify(request("", JAVA, ""))))
                .startsWith("language is required; supported: java, python");
    }

    @Test
    void malformedInputIsRejected() {
        ClassifyRequest invalid = ClassifyRequest.newBuilder().setLanguage("java")
                .setInput(TextInput.newBuilder().setUtf8(ByteString.copyFrom(new byte[] {'a', (byte) 0xE2, (byte) 0x82})))
                .build();

        assertThat(failsWith(Status.Code.INVALID_ARGUMENT, () -> stub.classify(invalid)))
                .isEqualTo("input is not valid UTF-8 (malformed sequence at byte 1)");
        assertThat(failsWith(Status.Code.INVALID_ARGUMENT,
                () -> stub.classify(ClassifyRequest.newBuilder().setLanguage("java").build())))
                .isEqualTo("input is required: set input.text or input.utf8");
        assertThat(failsWith(Status.Code.NOT_FOUND, () -> stub.classify(request("nope", JAVA, "java"))))
                .startsWith("unknown model 'nope'");
    }

    @Test
    void inputAboveTheByteLimitIsResourceExhausted() {
        try (InProcessTokenizerServer small = new InProcessTokenizerServer(TestModels.registry(), new RequestLimits(10, 8))) {
            assertThat(failsWith(Status.Code.RESOURCE_EXHAUSTED, () -> small.stub().classify(request("", JAVA, "java"))))
                    .startsWith("input is " + JAVA.length() + " bytes, above this server's limit of 10 bytes");
        }
    }
}
