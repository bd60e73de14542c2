package dev.osprey.context.server;

import static dev.osprey.testkit.GrpcAssertions.failsWith;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.osprey.api.v1.GetRepositoryRequest;
import dev.osprey.api.v1.IndexDirectoryRequest;
import dev.osprey.api.v1.IndexReport;
import dev.osprey.api.v1.SearchRequest;
import dev.osprey.context.index.IndexingLimits;
import io.grpc.Status;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** IndexDirectory reads only inside the allowed roots, off special filesystems, within its per-job limits. */
class DirectoryAccessRpcTest {
    private static final IndexingLimits GENEROUS = new IndexingLimits(1000, 1_000_000, Duration.ofMinutes(5));

    @TempDir
    Path dir;
    Path root;
    Path project;

    @BeforeEach
    void project() throws Exception {
        root = Files.createDirectories(dir.resolve("home"));
        project = Files.createDirectories(root.resolve("project/src"));
        Files.writeString(project.resolve("Lexer.java"), "class Lexer {\n    Token nextToken() { return null; }\n}\n");
        Files.writeString(project.resolve("Parser.java"), "class Parser {\n    Node parse() { return null; }\n}\n");
    }

    private static IndexReport index(InProcessContextServer server, String id, Path path) {
        return server.stub().indexDirectory(IndexDirectoryRequest.newBuilder().setRepositoryId(id)
                .setPath(path.toString()).build());
    }

    private static String refused(InProcessContextServer server, Path path) {
        return failsWith(Status.Code.PERMISSION_DENIED, () -> index(server, "r", path));
    }

    @Test
    void pathsOutsideTheRootsAreRefusedNamingTheRoots() throws Exception {
        Path secret = Files.createDirectories(dir.resolve("secret"));
        Files.writeString(secret.resolve("key.txt"), "password");
        Path link = Files.createSymbolicLink(root.resolve("link"), secret);
        try (InProcessContextServer server = InProcessContextServer.withAllowedRoots(dir.resolve("state"),
                List.of(root), GENEROUS)) {
            for (Path path : List.of(Path.of("/etc"), Path.of("/proc/self"), Path.of("/dev"),
                    Path.of(root + "/project/../../secret"), link, Path.of("/x/../../etc"))) {
                assertThat(refused(server, path)).as(path.toString())
                        .startsWith("path: ").contains("allowed roots").contains(root.toString());
            }
            failsWith(Status.Code.NOT_FOUND, () -> server.stub().getRepository(
                    GetRepositoryRequest.newBuilder().setRepositoryId("r").build()));
        }
    }

    @Test
    void validateOnlyAnswersTheFirstErrorWithoutIndexing() {
        try (InProcessContextServer server = InProcessContextServer.withAllowedRoots(dir.resolve("state"),
                List.of(root), GENEROUS)) {
            IndexDirectoryRequest.Builder check = IndexDirectoryRequest.newBuilder().setRepositoryId("r")
                    .setValidateOnly(true);
            assertThat(failsWith(Status.Code.PERMISSION_DENIED,
                    () -> server.stub().indexDirectory(check.setPath("/etc").build()))).contains(root.toString());
            assertThat(failsWith(Status.Code.INVALID_ARGUMENT,
                    () -> server.stub().indexDirectory(check.setPath(root.resolve("missing").toString()).build())))
                    .startsWith("path: ");
            IndexReport report = server.stub().indexDirectory(check.setPath(project.toString()).build());
            assertThat(report.getRepositoryId()).isEqualTo("r");
            assertThat(report.getTotalFiles()).isZero();
            failsWith(Status.Code.NOT_FOUND, () -> server.stub().getRepository(
                    GetRepositoryRequest.newBuilder().setRepositoryId("r").build()));
        }
    }

    @Test
    void specialFilesystemsAreRefusedEvenInsideARoot() {
        assumeTrue(Files.isDirectory(Path.of("/proc/self")), "needs a Linux /proc");
        try (InProcessContextServer server = InProcessContextServer.withAllowedRoots(dir.resolve("state"),
                List.of(Path.of("/")), GENEROUS)) {
            for (String path : List.of("/proc/self", "/sys", "/dev")) {
                assertThat(refused(server, Path.of(path))).as(path).contains("special filesystem")
                        .contains("allowed roots: /");
            }
        }
    }

    @Test
    void withoutRootsIndexDirectoryIsDisabledSayingHowToEnableIt() {
        try (InProcessContextServer server = InProcessContextServer.start(dir.resolve("state"))) {
            assertThat(refused(server, project)).contains("no allowed roots").contains("osprey.context.allowed-roots");
        }
    }

    @Test
    void aDirectoryInsideARootIsIndexedAndBadPathsInsideAreInvalid() throws Exception {
        try (InProcessContextServer server = InProcessContextServer.withAllowedRoots(dir.resolve("state"),
                List.of(root), GENEROUS)) {
            assertThat(index(server, "p", root.resolve("project/./src")).getTotalFiles()).isEqualTo(2);
            assertThat(server.stub().search(SearchRequest.newBuilder().setRepositoryId("p").setQuery("nextToken")
                    .build()).getHitsList()).extracting(h -> h.getPath()).contains("Lexer.java");
            assertThat(failsWith(Status.Code.INVALID_ARGUMENT, () -> index(server, "p", root.resolve("missing"))))
                    .startsWith("path: ").contains("does not exist");
            assertThat(failsWith(Status.Code.INVALID_ARGUMENT, () -> index(server, "p", project.resolve("Lexer.java"))))
                    .startsWith("path: ").contains("not a directory");
        }
    }

    @Test
    void aSubdirectoryOfAWorkTreeHonoursTheEnclosingGitignores() throws Exception {
        Path repo = root.resolve("project");
        Files.createDirectories(repo.resolve(".git/info"));
        Files.writeString(repo.resolve(".git/info/exclude"), "Parser.java\n");
        Files.writeString(repo.resolve(".gitignore"), "/src/gen/\n");
        Files.createDirectories(project.resolve("gen"));
        Files.writeString(project.resolve("gen/Gen.java"), "class Gen {}\n");
        try (InProcessContextServer server = InProcessContextServer.withAllowedRoots(dir.resolve("state"),
                List.of(root), GENEROUS)) {
            assertThat(index(server, "p", project).getTotalFiles()).as("Lexer.java only").isEqualTo(1);
        }
    }

    private void assertLimitTrips(IndexingLimits limits, String setting) throws Exception {
        Path other = Files.createDirectories(root.resolve("other"));
        Files.writeString(other.resolve("Only.java"), "class Only {}\n");
        try (InProcessContextServer server = InProcessContextServer.withAllowedRoots(dir.resolve("state-" + setting),
                List.of(root), limits)) {
            assertThat(index(server, "kept", other).getTotalFiles()).isEqualTo(1);
            assertThat(failsWith(Status.Code.RESOURCE_EXHAUSTED, () -> index(server, "kept", project)))
                    .contains(setting).contains("left as it was");
            assertThat(server.stub().getRepository(GetRepositoryRequest.newBuilder().setRepositoryId("kept").build())
                    .getFiles()).as("the previous index is intact").isEqualTo(1);
            assertThat(failsWith(Status.Code.RESOURCE_EXHAUSTED, () -> index(server, "fresh", project)))
                    .contains(setting);
            failsWith(Status.Code.NOT_FOUND, () -> server.stub().getRepository(
                    GetRepositoryRequest.newBuilder().setRepositoryId("fresh").build()));
        }
    }

    @Test
    void theFileLimitStopsAJob() throws Exception {
        assertLimitTrips(new IndexingLimits(1, 1_000_000, Duration.ofMinutes(5)),
                "osprey.context.limits.directory-max-files");
    }

    @Test
    void theByteLimitStopsAJob() throws Exception {
        assertLimitTrips(new IndexingLimits(1000, 60, Duration.ofMinutes(5)),
                "osprey.context.limits.directory-max-size");
    }

    @Test
    void theDurationLimitStopsAJob() throws Exception {
        try (InProcessContextServer server = InProcessContextServer.withAllowedRoots(dir.resolve("state"),
                List.of(root), new IndexingLimits(1000, 1_000_000, Duration.ofNanos(1)))) {
            assertThat(failsWith(Status.Code.RESOURCE_EXHAUSTED, () -> index(server, "slow", project)))
                    .contains("osprey.context.limits.directory-max-duration").contains("longer than");
            failsWith(Status.Code.NOT_FOUND, () -> server.stub().getRepository(
                    GetRepositoryRequest.newBuilder().setRepositoryId("slow").build()));
        }
    }
}
