package dev.osprey.context.walk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AllowedRootsTest {
    @TempDir
    Path tmp;

    private AllowedRoots roots() throws Exception {
        return new AllowedRoots(List.of(Files.createDirectories(tmp.resolve("allowed"))));
    }

    @Test
    void aDirectoryInsideARootResolvesToItsRealPath() throws Exception {
        Path project = Files.createDirectories(tmp.resolve("allowed/project/src"));
        assertThat(roots().resolve(tmp.resolve("allowed/project/./src/../src"))).isEqualTo(project.toRealPath());
    }

    @Test
    void systemDirectoriesOutsideTheRootsAreRefusedNamingTheRoots() throws Exception {
        AllowedRoots roots = roots();
        for (String path : List.of("/etc", "/proc/self", "/dev", "/", tmp.resolve("allowed/../elsewhere").toString())) {
            assertThatThrownBy(() -> roots.resolve(Path.of(path)))
                    .as(path)
                    .isInstanceOf(PathNotAllowedException.class)
                    .hasMessageContaining("outside the allowed roots")
                    .hasMessageContaining(tmp.resolve("allowed").toString());
        }
    }

    @Test
    void aDotDotEscapeIsRefusedEvenThroughAnExistingDirectory() throws Exception {
        Files.createDirectories(tmp.resolve("allowed/x"));
        Files.createDirectories(tmp.resolve("secret"));
        assertThatThrownBy(() -> roots().resolve(tmp.resolve("allowed/x/../../secret")))
                .isInstanceOf(PathNotAllowedException.class)
                .hasMessageContaining(tmp.resolve("allowed").toString());
    }

    @Test
    void aSymlinkFromInsideARootToOutsideIsRefused() throws Exception {
        AllowedRoots roots = roots();
        Path secret = Files.createDirectories(tmp.resolve("secret"));
        Path link = Files.createSymbolicLink(tmp.resolve("allowed/link"), secret);
        assertThatThrownBy(() -> roots.resolve(link))
                .isInstanceOf(PathNotAllowedException.class)
                .hasMessageContaining("outside the allowed roots")
                .hasMessageContaining(tmp.resolve("allowed").toString());
        Path etcLink = Files.createSymbolicLink(tmp.resolve("allowed/etc"), Path.of("/etc"));
        assertThatThrownBy(() -> roots.resolve(etcLink.resolve("ssh"))).isInstanceOf(PathNotAllowedException.class);
    }

    @Test
    void specialFilesystemsAreRefusedEvenInsideARoot() {
        assumeTrue(Files.isDirectory(Path.of("/proc/self")), "needs a Linux /proc");
        AllowedRoots everything = new AllowedRoots(List.of(Path.of("/")));
        for (String path : List.of("/proc/self", "/proc", "/sys", "/dev")) {
            assertThatThrownBy(() -> everything.resolve(Path.of(path)))
                    .as(path)
                    .isInstanceOf(PathNotAllowedException.class)
                    .hasMessageContaining("special filesystem")
                    .hasMessageContaining("allowed roots: /");
        }
    }

    @Test
    void noRootsRefusesEverything() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("allowed"));
        assertThatThrownBy(() -> AllowedRoots.none().resolve(dir))
                .isInstanceOf(PathNotAllowedException.class)
                .hasMessageContaining("no allowed roots");
    }

    @Test
    void insideARootAMissingPathOrAFileIsABadArgumentNotARefusal() throws Exception {
        AllowedRoots roots = roots();
        Path file = Files.writeString(tmp.resolve("allowed/a.txt"), "a");
        assertThatThrownBy(() -> roots.resolve(tmp.resolve("allowed/missing")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("does not exist");
        assertThatThrownBy(() -> roots.resolve(file))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("is not a directory");
    }

    @Test
    void relativeRootsAreRejected() {
        assertThatThrownBy(() -> new AllowedRoots(List.of(Path.of("relative"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("relative");
    }

    @Test
    void pseudoFilesystemTypesAreSpecialAndOrdinaryOnesAreNot() throws Exception {
        assertThat(SpecialFileSystems.isSpecialType("proc")).isTrue();
        assertThat(SpecialFileSystems.isSpecialType("sysfs")).isTrue();
        assertThat(SpecialFileSystems.isSpecialType("devtmpfs")).isTrue();
        assertThat(SpecialFileSystems.isSpecialType("ext4")).isFalse();
        assertThat(SpecialFileSystems.contains(tmp.toRealPath())).isFalse();
        assumeTrue(Files.isDirectory(Path.of("/proc/self")), "needs a Linux /proc");
        assertThat(Files.getFileStore(Path.of("/proc/self")).type()).isEqualTo("proc");
    }
}
