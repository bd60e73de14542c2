package dev.osprey.context.walk;

import static org.assertj.core.api.Assertions.assertThat;

import dev.osprey.context.index.SkippedFile;
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
}
