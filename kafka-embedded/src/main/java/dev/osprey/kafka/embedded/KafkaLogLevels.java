package dev.osprey.kafka.embedded;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Map;

/**
 * Keeps the embedded broker quiet: Kafka's server and client loggers log every config value and state change at
 * INFO. When SLF4J is backed by Logback, each of these loggers that has no level configured yet is set to WARN;
 * a level set by the application (for example {@code logging.level.org.apache.kafka=INFO}) is left alone.
 */
final class KafkaLogLevels {

    /** {@code kafka} (the Scala server), {@code org.apache.kafka} (raft, controller, clients), state changes. */
    static final List<String> LOGGERS = List.of("kafka", "org.apache.kafka", "state.change.logger");
    /** Warnings that are expected and not actionable: the controller's "metadata log appears to be empty" on a first start. */
    static final Map<String, Level> QUIETER = Map.of("org.apache.kafka.controller.QuorumController", Level.ERROR);

    private KafkaLogLevels() {
    }

    static void quiet() {
        if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
            for (String name : LOGGERS) {
                Logger logger = context.getLogger(name);
                if (logger.getLevel() == null) {
                    logger.setLevel(Level.WARN);
                }
            }
            QUIETER.forEach((name, level) -> {
                Logger logger = context.getLogger(name);
                if (logger.getLevel() == null) {
                    logger.setLevel(level);
                }
            });
        }
    }
}
