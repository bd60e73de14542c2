package dev.osprey.gateway.web;

import dev.osprey.api.v1.IndexReport;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Indexing runs the gateway started, by repository id, so that {@code GET /v1/repositories/{id}}
 * can say whether one is still running, how it ended and what it reported. In memory: after a
 * restart a repository's state comes from the context service alone.
 */
final class IndexingJobs {

    enum Status { INDEXING, READY, FAILED }

    record Job(Status status, Instant startedAt, Optional<IndexReport> report, Optional<String> error) {}

    /** A repository as the context service names it: an id in an owner's namespace. */
    record Key(String owner, String id) {}

    private final Map<Key, Job> jobs = new ConcurrentHashMap<>();

    /** Starts a job unless one is running for {@code key}; false when one is. */
    boolean start(Key key) {
        Job started = new Job(Status.INDEXING, Instant.now(), Optional.empty(), Optional.empty());
        Job previous = jobs.compute(key, (k, current) -> current != null && current.status() == Status.INDEXING
                ? current : started);
        return previous == started;
    }

    void finish(Key key, IndexReport report) {
        jobs.computeIfPresent(key, (k, job) -> new Job(Status.READY, job.startedAt(), Optional.of(report), Optional.empty()));
    }

    void fail(Key key, String error) {
        jobs.computeIfPresent(key, (k, job) -> new Job(Status.FAILED, job.startedAt(), Optional.empty(), Optional.of(error)));
    }

    Optional<Job> get(Key key) {
        return Optional.ofNullable(jobs.get(key));
    }

    void forget(Key key) {
        jobs.remove(key);
    }
}
