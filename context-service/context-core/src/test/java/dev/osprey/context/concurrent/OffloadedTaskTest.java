package dev.osprey.context.concurrent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import org.junit.jupiter.api.Test;

class OffloadedTaskTest {

    @Test
    void theCallerRunsWorkTheExecutorHasNotBegun() throws IOException {
        List<Runnable> held = new ArrayList<>();
        OffloadedTask<String> task = OffloadedTask.start(() -> Thread.currentThread().getName(), held::add);
        assertThat(task.join()).isEqualTo(Thread.currentThread().getName());
        held.forEach(Runnable::run); // the executor's late start does nothing
        assertThat(task.join()).isEqualTo(Thread.currentThread().getName());
    }

    @Test
    void aRejectingExecutorLeavesTheWorkToTheCaller() throws IOException {
        Executor rejecting = work -> {
            throw new RejectedExecutionException("full");
        };
        assertThat(OffloadedTask.start(() -> 42, rejecting).join()).isEqualTo(42);
    }

    @Test
    void workBegunElsewhereIsAwaitedAndItsExceptionsComeBackAsThrown() throws Exception {
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            java.util.concurrent.CountDownLatch begun = new java.util.concurrent.CountDownLatch(1);
            java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
            OffloadedTask<String> elsewhere = OffloadedTask.start(() -> {
                begun.countDown();
                release.await();
                return Thread.currentThread().getName();
            }, pool);
            begun.await();
            release.countDown();
            assertThat(elsewhere.join()).isNotEqualTo(Thread.currentThread().getName());
            assertThatThrownBy(() -> OffloadedTask.start(() -> {
                throw new IOException("disk");
            }, pool).join()).isInstanceOf(IOException.class).hasMessage("disk");
            assertThatThrownBy(() -> OffloadedTask.start(() -> {
                throw new IllegalArgumentException("bad");
            }, pool).join()).isInstanceOf(IllegalArgumentException.class).hasMessage("bad");
        } finally {
            pool.shutdownNow();
        }
    }
}
