package dev.osprey.inference.server.batch;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class OffsetTrackerTest {
    private static final TopicPartition P0 = new TopicPartition("requests", 0);
    private static final TopicPartition P1 = new TopicPartition("requests", 1);

    @Test
    void commitsTheLowestUnfinishedOffsetWhenRecordsFinishOutOfOrder() {
        OffsetTracker tracker = new OffsetTracker();
        OffsetTracker.Partition p = tracker.track(P0, 10);
        tracker.track(P0, 11);
        tracker.track(P0, 12);
        assertThat(tracker.committable()).as("nothing done yet").isEqualTo(Map.of(P0, new OffsetAndMetadata(10)))
                .as("position 10 = the first record, which a restart reads again");
        tracker.committed(tracker.committable());
        assertThat(tracker.committable()).isEmpty();

        p.done(12);
        assertThat(tracker.committable()).as("12 done, 10 and 11 not").isEmpty();
        p.done(10);
        assertThat(tracker.committable()).isEqualTo(Map.of(P0, new OffsetAndMetadata(11)));
        tracker.committed(tracker.committable());
        p.done(11);
        assertThat(tracker.committable()).as("all done: one past the highest").isEqualTo(Map.of(P0, new OffsetAndMetadata(13)));
        tracker.committed(tracker.committable());
        assertThat(tracker.committable()).isEmpty();
        assertThat(tracker.unfinished()).isZero();
    }

    @Test
    void partitionsAreIndependentAndForgottenOnesCommitNothing() {
        OffsetTracker tracker = new OffsetTracker();
        OffsetTracker.Partition p0 = tracker.track(P0, 0);
        OffsetTracker.Partition p1 = tracker.track(P1, 5);
        tracker.committed(tracker.committable());
        p1.done(5);
        assertThat(tracker.committable()).isEqualTo(Map.of(P1, new OffsetAndMetadata(6)));
        assertThat(tracker.committable(List.of(P0))).isEmpty();

        tracker.forget(List.of(P0));
        p0.done(0);
        assertThat(tracker.committable()).containsOnlyKeys(P1);
        assertThat(tracker.unfinished()).isZero();

        OffsetTracker.Partition again = tracker.track(P0, 0);
        assertThat(again).as("a reassigned partition starts afresh").isNotSameAs(p0);
        assertThat(tracker.committable(List.of(P0))).isEqualTo(Map.of(P0, new OffsetAndMetadata(0)));
    }
}
