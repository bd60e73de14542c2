package dev.osprey.gateway.batch;

import java.util.List;

/** One page of a list, newest first; {@code hasMore} when items follow the last one. */
public record Page<T>(List<T> data, boolean hasMore) {
    public Page {
        data = List.copyOf(data);
    }
}
