package dev.osprey.inference.server.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.osprey.inference.server.InferenceServerConfiguration;
import dev.osprey.inference.server.InferenceStartupException;
import dev.osprey.testkit.ReferenceFiles;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.validation.BindValidationException;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.mock.env.MockEnvironment;

/** The worker's settings at startup: off by default, a clear failure when enabled without Kafka. */
class BatchWorkerStartupTest {
    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withUserConfiguration(InferenceServerConfiguration.class, BatchWorkerConfiguration.class)
            .withPropertyValues("osprey.inference.model-path=" + ReferenceFiles.path("models/stories260K.gguf"),
                    "osprey.inference.kv-budget=8MB", "osprey.inference.threads=2");

    @Test
    void theWorkerIsOffByDefault() {
        runner.run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context).doesNotHaveBean(BatchWorker.class);
        });
    }

    @Test
    void enabledWithoutBootstrapServersFailsStartupNamingTheSettings() {
        assumeThat(System.getenv(BatchWorkerConfiguration.BOOTSTRAP_ENV)).as("the environment names no broker").isNull();
        runner.withPropertyValues("osprey.inference.batch.enabled=true").run(context -> {
            assertThat(context).hasFailed();
            Throwable root = NestedExceptionUtils.getMostSpecificCause(context.getStartupFailure());
            assertThat(root).isInstanceOf(InferenceStartupException.class)
                    .hasMessageContaining("osprey.inference.batch.enabled=true")
                    .hasMessageContaining("no Kafka bootstrap servers");
            assertThat(((InferenceStartupException) root).action())
                    .contains("osprey.inference.batch.bootstrap-servers", "OSPREY_KAFKA_BOOTSTRAP",
                            "spring.kafka.bootstrap-servers");
        });
    }

    @Test
    void invalidSettingsFailStartupNamingTheProperty() {
        runner.withPropertyValues("osprey.inference.batch.enabled=true", "osprey.inference.batch.bootstrap-servers=x:1",
                "osprey.inference.batch.slots=0").run(context -> {
            assertThat(context).hasFailed();
            Throwable failure = context.getStartupFailure();
            while (failure != null && !(failure instanceof BindValidationException)) {
                failure = failure.getCause();
            }
            assertThat(failure).as("a validation failure").isNotNull();
            assertThat(failure.getMessage()).contains("osprey.inference.batch.slots");
        });
    }

    @Test
    void bootstrapServersComeFromTheSettingThenTheEnvironmentVariableThenSpringKafka() {
        BatchWorkerProperties unset = BatchWorkerProperties.defaults("ignored").withBootstrapServers(null);
        MockEnvironment environment = new MockEnvironment()
                .withProperty("spring.kafka.bootstrap-servers", "spring:9092");
        assertThat(BatchWorkerConfiguration.bootstrapServers(unset, environment)).isEqualTo("spring:9092");
        environment.setProperty(BatchWorkerConfiguration.BOOTSTRAP_ENV, " env:9092 ");
        assertThat(BatchWorkerConfiguration.bootstrapServers(unset, environment)).isEqualTo("env:9092");
        assertThat(BatchWorkerConfiguration.bootstrapServers(unset.withBootstrapServers("own:9092"), environment))
                .isEqualTo("own:9092");
    }
}
