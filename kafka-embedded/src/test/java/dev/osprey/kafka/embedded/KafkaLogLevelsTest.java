package dev.osprey.kafka.embedded;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import static org.assertj.core.api.Assertions.assertThat;

class KafkaLogLevelsTest {

    @Test
    void setsUnconfiguredKafkaLoggersToWarnAndKeepsConfiguredOnes() {
        var context = (LoggerContext) LoggerFactory.getILoggerFactory();
        KafkaLogLevels.LOGGERS.forEach(name -> context.getLogger(name).setLevel(null));
        context.getLogger("kafka").setLevel(Level.INFO);   // as if the application configured it

        KafkaLogLevels.quiet();

        assertThat(context.getLogger("kafka").getLevel()).isEqualTo(Level.INFO);
        assertThat(context.getLogger("org.apache.kafka").getLevel()).isEqualTo(Level.WARN);
        assertThat(context.getLogger("state.change.logger").getLevel()).isEqualTo(Level.WARN);
        assertThat(context.getLogger("org.apache.kafka.clients.producer.ProducerConfig").isInfoEnabled()).isFalse();
    }
}
