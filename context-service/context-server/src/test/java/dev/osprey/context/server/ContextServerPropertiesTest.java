package dev.osprey.context.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.osprey.context.window.Task;
import dev.osprey.internalauth.InternalAuthConfiguration;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.validation.autoconfigure.ValidationAutoConfiguration;

/** Startup with good and bad settings, without the gRPC server. */
class ContextServerPropertiesTest {
    @TempDir
    Path dir;

    private ApplicationContextRunner runner() {
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(ValidationAutoConfiguration.class))
                .withUserConfiguration(ContextServerConfiguration.class, InternalAuthConfiguration.class)
                .withPropertyValues("osprey.context.sessions.dir=" + dir.resolve("sessions"),
                        "spring.grpc.server.address=127.0.0.1");
    }

    @Test
    void startsWithoutModelsAndWithDefaults() {
        runner().run(context -> {
            assertThat(context).hasNotFailed();
            ContextServerProperties properties = context.getBean(ContextServerProperties.class);
            assertThat(context.getBean(ModelRegistry.class).size()).isZero();
            assertThat(properties.sessions().idleExpiry()).hasHours(24);
            assertThat(properties.inference().target()).isNull();
            assertThat(properties.tiers().of(Task.INFILL)).containsExactly(1024, 2048, 4096);
            assertThat(properties.indexRoot().endsWith(Path.of(".osprey", "context", "index"))).isTrue();
        });
    }

    @Test
    void overriddenTiersReplaceOnlyTheirTask() {
        runner().withPropertyValues("osprey.context.window-tiers.repository-chat=4096,65536").run(context -> {
            ContextServerProperties properties = context.getBean(ContextServerProperties.class);
            assertThat(properties.tiers().of(Task.REPOSITORY_CHAT)).containsExactly(4096, 65536);
            assertThat(properties.tiers().of(Task.CHAT)).containsExactly(4096, 8192);
        });
    }

    @Test
    void badSettingsFailStartupWithTheirName() {
        runner().withPropertyValues("osprey.context.window-tiers.chat=8192,4096").run(context ->
                assertThat(context).getFailure().rootCause().hasMessageContaining("osprey.context.window-tiers"));
        runner().withPropertyValues("osprey.context.sessions.store=postgres").run(context ->
                assertThat(context).getFailure().rootCause().hasMessageContaining("osprey.context.sessions.url"));
        runner().withPropertyValues("osprey.context.models[0].name=m",
                "osprey.context.models[0].vocabulary=" + dir.resolve("nope.gguf")).run(context ->
                assertThat(context).getFailure().hasStackTraceContaining(ContextStartupException.class.getName()
                        + ": cannot load the vocabulary of model 'm' from " + dir.resolve("nope.gguf")));
        runner().withPropertyValues("osprey.context.models[0].vocabulary=" + dir.resolve("nope.gguf")).run(context ->
                assertThat(context).getFailure().hasStackTraceContaining("name"));
    }

    @Test
    void aConfiguredModelIsServed() {
        runner().withPropertyValues("osprey.context.models[0].name=coder",
                "osprey.context.models[0].vocabulary=" + TestModels.deepseekCoderGguf(),
                "osprey.context.models[0].context-length=16384").run(context -> {
            assertThat(context).hasNotFailed();
            ServedModel model = context.getBean(ModelRegistry.class).resolve("");
            assertThat(model.name()).isEqualTo("coder");
            assertThat(model.contextLength()).isEqualTo(16384);
            assertThat(model.supportsInfill()).isTrue();
        });
    }
}
