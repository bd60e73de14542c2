package dev.osprey.gateway.batch;

/** OpenAI's {@code request_counts}: requests in the batch, and how many ended each way so far. */
public record RequestCounts(long total, long completed, long failed) {
    public static final RequestCounts NONE = new RequestCounts(0, 0, 0);

    public RequestCounts {
        if (total < 0 || completed < 0 || failed < 0 || completed + failed > total) {
            throw new IllegalArgumentException("inconsistent counts: total " + total + ", completed " + completed
                    + ", failed " + failed);
        }
    }

    /** Every request is accounted for. */
    public boolean done() {
        return completed + failed == total;
    }
}
