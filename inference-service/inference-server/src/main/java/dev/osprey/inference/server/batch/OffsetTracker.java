package dev.osprey.inference.server.batch;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeSet;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Which request offsets may be committed. Every record fetched is {@link #track tracked} until it is
 * {@link Partition#done done} (its result acknowledged, or it was skipped); records finish out of order,
 * so a partition's commit position is its lowest unfinished offset, or one past the highest tracked
 * offset when none is unfinished. A record is never committed before it is done.
 *
 * <p>Consumer thread only. A {@link Partition} dropped by {@link #forget} (its partition was revoked)
 * still accepts {@code done} calls, which then commit nothing.
 */
final class OffsetTracker {
    private final Map<TopicPartition, Partition> partitions = new HashMap<>();

    /** One assigned partition's unfinished offsets. */
    static final class Partition {
        private final TreeSet<Long> unfinished = new TreeSet<>();
        private long next = -1;
        private long committed = -1;

        void done(long offset) {
            unfinished.remove(offset);
        }

        /** The offset to commit (the next record to read after a restart), or -1 while nothing was tracked. */
        long position() {
            return unfinished.isEmpty() ? next : unfinished.first();
        }

        int unfinished() {
            return unfinished.size();
        }
    }

    /** Starts tracking {@code offset}; the returned partition is told when it is done. */
    Partition track(TopicPartition partition, long offset) {
        Partition p = partitions.computeIfAbsent(partition, tp -> new Partition());
        p.unfinished.add(offset);
        p.next = Math.max(p.next, offset + 1);
        return p;
    }

    /** Commit positions that moved past the last {@link #committed} one, for all partitions. */
    Map<TopicPartition, OffsetAndMetadata> committable() {
        return committable(partitions.keySet());
    }

    /** Commit positions that moved past the last {@link #committed} one, among {@code among}. */
    Map<TopicPartition, OffsetAndMetadata> committable(Collection<TopicPartition> among) {
        Map<TopicPartition, OffsetAndMetadata> out = new HashMap<>();
        for (TopicPartition tp : among) {
            Partition p = partitions.get(tp);
            if (p != null && p.position() > p.committed) {
                out.put(tp, new OffsetAndMetadata(p.position()));
            }
        }
        return out;
    }

    /** Records that the broker accepted these positions. */
    void committed(Map<TopicPartition, OffsetAndMetadata> offsets) {
        offsets.forEach((tp, position) -> {
            Partition p = partitions.get(tp);
            if (p != null) {
                p.committed = Math.max(p.committed, position.offset());
            }
        });
    }

    /** Stops tracking these partitions (revoked or lost); later {@code done} calls on them commit nothing. */
    void forget(Collection<TopicPartition> revoked) {
        revoked.forEach(partitions::remove);
    }

    /** Records tracked and not done, over every partition. */
    int unfinished() {
        return partitions.values().stream().mapToInt(Partition::unfinished).sum();
    }
}
