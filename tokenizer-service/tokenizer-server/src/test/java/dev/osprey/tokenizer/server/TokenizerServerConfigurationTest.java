package dev.osprey.tokenizer.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.osprey.testkit.ReferenceFiles;
import dev.osprey.tokenizer.EncodeOptions;
import java.nio.file.Path;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.validation.autoconfigure.ValidationAutoConfiguration;

/** Configuration binding, validation and model loading, without starting a gRPC server. */
class TokenizerServerConfigurationTest {
    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ValidationAutoConfiguration.class))
            .withUserConfiguration(TokenizerServerConfiguration.class);

    private static String coder() {
        return TestModels.deepseekCoderGguf().toString();
    }

    private static String starcoder() {
        return ReferenceFiles.path("tokenizer-vectors/ggml-vocab-starcoder.gguf").toString();
    }

    private static AbstractThrowableAssert<?, ? extends Throwable> startupFailure(AssertableApplicationContext context) {
        return assertThat(context).hasFailed().getFailure();
    }

    @Test
    void withoutConfiguredModelsTheBundledVocabularyIsTheDefault() {
        runner.run(context -> {
            ModelRegistry registry = context.getBean(ModelRegistry.class);
            assertThat(registry.names()).containsExactly(BundledVocabulary.MODEL_NAME);
            // llama.cpp's ggml-vocab-deepseek-coder.gguf.out, line 12
            assertThat(registry.resolve("").tokenizer().encode("Hello world", EncodeOptions.PLAIN)).containsExactly(17535, 1835);
            assertThat(context.getBean(TokenizerServerProperties.class).limits())
                    .isEqualTo(new RequestLimits(8L * 1024 * 1024, 1_048_576));
        });
    }

    @Test
    void loadsTheConfiguredModelsAndTheirDefault() {
        runner.withPropertyValues("osprey.tokenizer.models.coder=" + coder(),
                        "osprey.tokenizer.models.starcoder=" + starcoder(),
                        "osprey.tokenizer.default-model=starcoder",
                        "osprey.tokenizer.max-input-bytes=1KB",
                        "osprey.tokenizer.max-ids=100")
                .run(context -> {
                    ModelRegistry registry = context.getBean(ModelRegistry.class);
                    assertThat(registry.names()).containsExactlyInAnyOrder("coder", "starcoder");
                    assertThat(registry.defaultModel().name()).isEqualTo("starcoder");
                    assertThat(registry.resolve("coder").tokenizer().vocabulary().preTokenizer()).isEqualTo("deepseek-coder");
                    assertThat(registry.resolve("starcoder").tokenizer().vocabulary().preTokenizer()).isEqualTo("starcoder");
                    assertThat(context.getBean(TokenizerServerProperties.class).limits()).isEqualTo(new RequestLimits(1024, 100));
                });
    }

    @Test
    void aSingleConfiguredModelIsTheDefault() {
        runner.withPropertyValues("osprey.tokenizer.models.coder=" + coder())
                .run(context -> assertThat(context.getBean(ModelRegistry.class).defaultModel().name()).isEqualTo("coder"));
    }

    @Test
    void aMissingModelFileFailsStartupNamingModelAndPath(@TempDir Path dir) {
        Path missing = dir.resolve("missing.gguf");
        runner.withPropertyValues("osprey.tokenizer.models.coder=" + missing)
                .run(context -> {
                    Throwable failure = context.getStartupFailure();
                    while (failure != null && !(failure instanceof ModelLoadException)) {
                        failure = failure.getCause();
                    }
                    assertThat(failure).as("a ModelLoadException in %s", context.getStartupFailure())
                            .isInstanceOfSatisfying(ModelLoadException.class, e -> {
                                assertThat(e.model()).isEqualTo("coder");
                                assertThat(e.path()).isEqualTo(missing);
                            })
                            .hasMessageStartingWith("cannot load model 'coder' from " + missing + ": ");
                });
    }

    @Test
    void severalModelsNeedADefault() {
        runner.withPropertyValues("osprey.tokenizer.models.a=" + coder(), "osprey.tokenizer.models.b=" + starcoder())
                .run(context -> startupFailure(context).rootCause()
                        .hasMessageContaining("osprey.tokenizer.default-model must name one of a, b"));
    }

    @Test
    void theDefaultModelMustBeConfigured() {
        runner.withPropertyValues("osprey.tokenizer.models.a=" + coder(), "osprey.tokenizer.default-model=b")
                .run(context -> startupFailure(context).rootCause()
                        .hasMessageContaining("osprey.tokenizer.default-model 'b' is not a configured model"));
        runner.withPropertyValues("osprey.tokenizer.default-model=qwen3")
                .run(context -> startupFailure(context).rootCause()
                        .hasMessageContaining("the only model is the bundled 'deepseek-coder'"));
    }

    @Test
    void limitsMustBePositive() {
        runner.withPropertyValues("osprey.tokenizer.max-ids=0")
                .run(context -> startupFailure(context).rootCause().hasMessageContaining("maxIds"));
        runner.withPropertyValues("osprey.tokenizer.max-input-bytes=0B")
                .run(context -> startupFailure(context).rootCause()
                        .hasMessageContaining("osprey.tokenizer.max-input-bytes must be positive"));
    }
}
