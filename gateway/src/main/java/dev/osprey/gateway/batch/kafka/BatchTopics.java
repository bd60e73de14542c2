package dev.osprey.gateway.batch.kafka;

/**
 * The Batch API's topics and their partition counts (see batch.proto): requests and results keyed by
 * batch id, and the control topic every worker reads whole.
 */
public record BatchTopics(String requests, int requestPartitions, String results, int resultPartitions, String control) {

    public static final BatchTopics DEFAULT =
            new BatchTopics("osprey.batch.requests", 3, "osprey.batch.results", 3, "osprey.batch.control");

    public BatchTopics {
        if (requestPartitions < 1 || resultPartitions < 1) {
            throw new IllegalArgumentException("topics need at least one partition");
        }
    }
}
