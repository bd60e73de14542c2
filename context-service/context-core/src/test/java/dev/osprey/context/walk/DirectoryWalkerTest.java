package dev.osprey.context.walk;

import static org.assertj.core.api.Assertions.assertThat;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.osprey.context.index.IndexingBudget;
import dev.osprey.context.index.IndexingLimitException;
import dev.osprey.context.index.IndexingLimits;
import dev.osprey.context.index.SkippedFile;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DirectoryWalkerTest {
    @TempDir
    Path tmp;

    @Test
    void honoursGitignoreSkipsGitSymlinksAndBadFiles() throws Exception {
        Path repo = Files.createDirectories(tmp.resolve("repo"));
        Path outside = Files.writeString(tmp.resolve("secret.txt"), "password\n");
        Files.writeString(repo.resolve(".gitignore"), "*.log\nbuild/\n");
        Files.createDirectories(repo.resolve("src/gen"));
        Files.writeString(repo.resolve("src/.gitignore"), "gen/\n!keep.log\n");
        Files.writeString(repo.resolve("src/Main.java"), "class Main {}\n");
        Files.writeString(repo.resolve("src/keep.log"), "kept by negation\n");
        Files.writeString(repo.resolve("src/gen/Gen.java"), "class Gen {}\n");
        Files.writeString(repo.resolve("debug.log"), "noise\n");
        Files.createDirectories(repo.resolve("build"));
        Files.writeString(repo.resolve("build/out.java"), "class Out {}\n");
        Files.createDirectories(repo.resolve(".git"));
        Files.writeString(repo.resolve(".git/HEAD"), "ref: refs/heads/main\n");
        Files.write(repo.resolve("blob.bin"), new byte[] {1, 0, 2});
        Files.write(repo.resolve("bad.py"), new byte[] {'#', (byte) 0xFF, '\n'});
        Files.writeString(repo.resolve("big.py"), "x = 1\n".repeat(50));
        Files.createSymbolicLink(repo.resolve("leak.txt"), outside);
        Files.createSymbolicLink(repo.resolve("alias.java"), repo.resolve("src/Main.java"));

        WalkResult result = new DirectoryWalker(100).walk(repo);

        assertThat(result.files().keySet()).containsExactly(".gitignore", "src/.gitignore", "src/Main.java", "src/keep.log");
        assertThat(result.skipped()).containsExactly(
                new SkippedFile("alias.java", "symlink inside root"),
                new SkippedFile("bad.py", "invalid UTF-8"),
                new SkippedFile("big.py", "oversized: 300 bytes > 100"),
                new SkippedFile("blob.bin", "binary"),
                new SkippedFile("leak.txt", "symlink outside root"));
        assertThat(result.ignored()).isEqualTo(3); // debug.log, build/, src/gen/
    }

    @Test
    void enclosingGitignoresAndInfoExcludeApplyToASubdirectoryRelativeToTheirOwnDirectory() throws Exception {
        Path repo = Files.createDirectories(tmp.resolve("repo"));
        Files.createDirectories(repo.resolve(".git/info"));
        Files.writeString(repo.resolve(".git/info/exclude"), "*.local\n");
        // anchored to the work tree root: ignores repo/svc/app/gen, not repo/svc/app/src/gen
        Files.writeString(repo.resolve(".gitignore"), "*.log\n/svc/app/gen/\n");
        Files.createDirectories(repo.resolve("svc/app/src/gen"));
        Files.createDirectories(repo.resolve("svc/app/gen"));
        // relative to svc/: ignores svc/app/secret.txt only
        Files.writeString(repo.resolve("svc/.gitignore"), "app/secret.txt\n!keep.log\n");
        Files.writeString(repo.resolve("svc/app/Main.java"), "class Main {}\n");
        Files.writeString(repo.resolve("svc/app/secret.txt"), "password\n");
        Files.writeString(repo.resolve("svc/app/debug.log"), "noise\n");
        Files.writeString(repo.resolve("svc/app/keep.log"), "kept by the nearer negation\n");
        Files.writeString(repo.resolve("svc/app/settings.local"), "mine\n");
        Files.writeString(repo.resolve("svc/app/gen/Gen.java"), "class Gen {}\n");
        Files.writeString(repo.resolve("svc/app/src/gen/Kept.java"), "class Kept {}\n");

        WalkResult result = new DirectoryWalker(1000).walk(repo.resolve("svc/app"));

        assertThat(result.files().keySet()).containsExactly("Main.java", "keep.log", "src/gen/Kept.java");
        assertThat(result.ignored()).isEqualTo(4); // secret.txt, debug.log, settings.local, gen/
    }

    @Test
    void outsideAWorkTreeOnlyTheWalkedDirectorysOwnRulesApply() throws Exception {
        Files.writeString(tmp.resolve(".gitignore"), "*.java\n"); // no .git: not a work tree
        Path dir = Files.createDirectories(tmp.resolve("plain"));
        Files.writeString(dir.resolve("A.java"), "class A {}\n");

        assertThat(new DirectoryWalker(1000).walk(dir).files().keySet()).containsExactly("A.java");
    }

    private Path threeFiles() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("three"));
        for (String name : new String[] {"a.txt", "b.txt", "c.txt"}) {
            Files.writeString(dir.resolve(name), "0123456789");
        }
        return dir;
    }

    @Test
    void theFileLimitStopsTheWalk() throws Exception {
        Path dir = threeFiles();
        DirectoryWalker walker = new DirectoryWalker(1000);
        assertThat(walker.walk(dir, new IndexingLimits(3, 1000, Duration.ofHours(1)).start()).files()).hasSize(3);
        assertThatThrownBy(() -> walker.walk(dir, new IndexingLimits(2, 1000, Duration.ofHours(1)).start()))
                .isInstanceOfSatisfying(IndexingLimitException.class,
                        e -> assertThat(e.limit()).isEqualTo(IndexingLimitException.Limit.FILES))
                .hasMessageContaining("more than 2 files");
    }

    @Test
    void theByteLimitStopsTheWalk() throws Exception {
        Path dir = threeFiles();
        DirectoryWalker walker = new DirectoryWalker(1000);
        assertThat(walker.walk(dir, new IndexingLimits(10, 30, Duration.ofHours(1)).start()).files()).hasSize(3);
        assertThatThrownBy(() -> walker.walk(dir, new IndexingLimits(10, 29, Duration.ofHours(1)).start()))
                .isInstanceOfSatisfying(IndexingLimitException.class,
                        e -> assertThat(e.limit()).isEqualTo(IndexingLimitException.Limit.BYTES))
                .hasMessageContaining("more than 29 bytes");
    }

    @Test
    void theDurationLimitStopsTheWalk() throws Exception {
        Path dir = threeFiles();
        AtomicLong nanos = new AtomicLong();
        IndexingBudget budget = IndexingBudget.withClock(new IndexingLimits(10, 1000, Duration.ofSeconds(1)),
                () -> nanos.addAndGet(400_000_000L)); // each reading of the clock is 0.4 s later
        assertThatThrownBy(() -> new DirectoryWalker(1000).walk(dir, budget))
                .isInstanceOfSatisfying(IndexingLimitException.class,
                        e -> assertThat(e.limit()).isEqualTo(IndexingLimitException.Limit.DURATION))
                .hasMessageContaining("longer than PT1S");
    }
}
