package dev.osprey.engine.parallel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;

class WorkerPoolTest {

    @Test
    void everyIndexRunsExactlyOnceInAlignedChunks() {
        for (int threads : new int[] {1, 2, 3, 5}) {
            try (WorkerPool pool = WorkerPool.create(threads)) {
                for (int n : new int[] {1, 4, 31, 32, 33, 100, 896, 4864, 151936}) {
                    for (int align : new int[] {1, 4, 32}) {
                        AtomicIntegerArray hits = new AtomicIntegerArray(n);
                        int a = align;
                        pool.forRange(n, align, (start, end) -> {
                            assertTrue(start % a == 0, "chunk starts at " + start + ", not a multiple of " + a);
                            for (int i = start; i < end; i++) {
                                hits.incrementAndGet(i);
                            }
                        });
                        for (int i = 0; i < n; i++) {
                            assertEquals(1, hits.get(i), "index " + i + " of " + n + " (align " + align + ", " + threads + " threads)");
                        }
                    }
                }
            }
        }
    }

    @Test
    void dispatchesAfterTheWorkersParkStillComplete() throws InterruptedException {
        try (WorkerPool pool = WorkerPool.create(3)) {
            for (int round = 0; round < 20; round++) {
                AtomicIntegerArray hits = new AtomicIntegerArray(64);
                pool.forRange(64, 1, (start, end) -> {
                    for (int i = start; i < end; i++) {
                        hits.incrementAndGet(i);
                    }
                });
                for (int i = 0; i < 64; i++) {
                    assertEquals(1, hits.get(i));
                }
                if (round % 5 == 0) {
                    Thread.sleep(5); // past the spin: the workers park
                }
            }
        }
    }

    @Test
    void aFailureInAnyChunkIsRethrownToTheCaller() {
        try (WorkerPool pool = WorkerPool.create(2)) {
            IllegalStateException boom = new IllegalStateException("boom");
            IllegalStateException thrown = assertThrows(IllegalStateException.class, () -> pool.forRange(1000, 1, (start, end) -> {
                if (start <= 900 && 900 < end) {
                    throw boom;
                }
            }));
            assertSame(boom, thrown);
            AtomicIntegerArray hits = new AtomicIntegerArray(10);
            pool.forRange(10, 1, (start, end) -> {
                for (int i = start; i < end; i++) {
                    hits.incrementAndGet(i);
                }
            });
            assertEquals(1, hits.get(9), "the pool still works after a failure");
        }
    }
}
