package dev.osprey.inference.server.batch;

import org.apache.kafka.common.TopicPartition;

/**
 * A fetched request record the worker still owes a result (or a skip) for; {@link #done} lets its offset
 * be committed.
 */
record RecordRef(TopicPartition partition, long offset, OffsetTracker.Partition offsets) {

    void done() {
        offsets.done(offset);
    }

    @Override
    public String toString() {
        return partition + "@" + offset;
    }
}
