package dev.osprey.gateway.batch.kafka;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

/** Creates the Batch API's topics with their configured partitions when they are missing. */
final class TopicSetup {
    private TopicSetup() {}

    /** @return the topics created (empty when all existed) */
    static List<String> ensure(Admin admin, BatchTopics topics, short replication)
            throws InterruptedException, ExecutionException, TimeoutException {
        Set<String> existing = admin.listTopics().names().get(10, TimeUnit.SECONDS);
        List<NewTopic> missing = new ArrayList<>();
        if (!existing.contains(topics.requests())) {
            missing.add(new NewTopic(topics.requests(), topics.requestPartitions(), replication));
        }
        if (!existing.contains(topics.results())) {
            missing.add(new NewTopic(topics.results(), topics.resultPartitions(), replication));
        }
        if (!existing.contains(topics.control())) {
            missing.add(new NewTopic(topics.control(), 1, replication));
        }
        List<String> created = new ArrayList<>();
        for (NewTopic topic : missing) {
            try {
                admin.createTopics(List.of(topic)).all().get(10, TimeUnit.SECONDS);
                created.add(topic.name());
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw e; // another gateway may have created it meanwhile: fine
                }
            }
        }
        return created;
    }
}
