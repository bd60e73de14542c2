package dev.osprey.engine.parallel;

/** Work over the half-open index range {@code [start, end)}. */
@FunctionalInterface
public interface RangeTask {
    void run(int start, int end);
}
