package dev.osprey.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A throw-away PostgreSQL server for tests, run from the binaries installed on the machine (no Docker).
 *
 * <p>{@link #start()} runs {@code initdb} in a fresh temporary directory (trust authentication, UTF8,
 * no locale), starts {@code postgres} on a free port bound to 127.0.0.1 with its unix socket in that
 * directory, and returns once the server accepts connections. {@link #close()} stops it (fast shutdown)
 * and deletes the directory.
 *
 * <p>PostgreSQL refuses to run as root. When the JVM runs as root, the binaries are run as an
 * unprivileged user ({@code nobody}, or the system property {@code osprey.postgres.user}) through
 * {@code setpriv} or {@code runuser}, and the temporary directory is handed to that user.
 *
 * <p>Tests check {@link #available()} first and skip with {@link #unavailableReason()} when it is
 * false:
 *
 * <pre>{@code
 * assumeTrue(EmbeddedPostgres.available(), EmbeddedPostgres::unavailableReason);
 * }</pre>
 */
public final class EmbeddedPostgres implements AutoCloseable {
    /** The superuser initdb creates; trust authentication, so no password. */
    public static final String USER = "osprey";
    /** The database every cluster has. */
    public static final String DATABASE = "postgres";

    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(60);
    private static final String READY = "database system is ready to accept connections";
    private static final List<String> SEARCH_DIRS = List.of("/usr/bin", "/usr/sbin", "/bin", "/sbin");

    private static volatile Environment environment;

    private final Environment env;
    private final Path root;
    private final Path dataDir;
    private final Path socketDir;
    private final Path logFile;
    private final int port;
    private final Process server;
    private final Thread shutdownHook;
    private boolean closed;

    private EmbeddedPostgres(Environment env, Path root, Path dataDir, Path socketDir, Path logFile, int port,
            Process server) {
        this.env = env;
        this.root = root;
        this.dataDir = dataDir;
        this.socketDir = socketDir;
        this.logFile = logFile;
        this.port = port;
        this.server = server;
        this.shutdownHook = new Thread(this::stopQuietly, "embedded-postgres-stop-" + port);
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /** Whether PostgreSQL binaries were found and can be run by this process. */
    public static boolean available() {
        return environment().problem() == null;
    }

    /** Why {@link #available()} is false (or a description of what will be used when it is true). */
    public static String unavailableReason() {
        Environment env = environment();
        return env.problem() != null
                ? "PostgreSQL tests skipped: " + env.problem()
                : "PostgreSQL binaries in " + env.binDir() + (env.runAs().isEmpty() ? "" : " run via " + env.runAs());
    }

    /** Initialises and starts a new cluster; the caller closes it. */
    public static EmbeddedPostgres start() {
        Environment env = environment();
        if (env.problem() != null) {
            throw new IllegalStateException("PostgreSQL is not available: " + env.problem());
        }
        Path root = null;
        try {
            root = Files.createTempDirectory("osprey-pg-");
            if (env.user() != null) {
                UserPrincipal owner = root.getFileSystem().getUserPrincipalLookupService()
                        .lookupPrincipalByName(env.user());
                Files.setOwner(root, owner);
            }
            Path dataDir = root.resolve("data");
            Path socketDir = root.resolve("sock");
            Path logFile = root.resolve("postgres.log");
            runToCompletion(env, root, root.resolve("initdb.log"), Duration.ofSeconds(120),
                    env.binDir().resolve("initdb").toString(), "-D", dataDir.toString(), "-A", "trust",
                    "-U", USER, "-E", "UTF8", "--no-locale", "--no-sync");
            runToCompletion(env, root, root.resolve("mkdir.log"), Duration.ofSeconds(10),
                    "mkdir", "-m", "700", socketDir.toString());
            IOException lastFailure = null;
            for (int attempt = 0; attempt < 3; attempt++) {
                int port = freePort();
                Process server = startServer(env, root, dataDir, socketDir, logFile, port);
                try {
                    awaitReady(server, logFile);
                    return new EmbeddedPostgres(env, root, dataDir, socketDir, logFile, port, server);
                } catch (IOException e) {
                    server.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                    lastFailure = e;
                    if (!readLog(logFile).contains("could not bind")) {
                        break;
                    }
                }
            }
            throw lastFailure;
        } catch (IOException e) {
            deleteQuietly(root);
            throw new UncheckedIOException("could not start PostgreSQL from " + env.binDir(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            deleteQuietly(root);
            throw new IllegalStateException("interrupted while starting PostgreSQL", e);
        }
    }

    /** {@code jdbc:postgresql://127.0.0.1:<port>/postgres}. */
    public String jdbcUrl() {
        return jdbcUrl(DATABASE);
    }

    /** The JDBC URL of {@code database} on this server. */
    public String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    public String user() {
        return USER;
    }

    /** Empty: the cluster trusts local connections. */
    public String password() {
        return "";
    }

    public int port() {
        return port;
    }

    /** The directory holding the server's unix socket ({@code .s.PGSQL.<port>}). */
    public Path socketDirectory() {
        return socketDir;
    }

    public Path dataDirectory() {
        return dataDir;
    }

    /** The server log so far (for failure messages). */
    public String log() {
        return readLog(logFile);
    }

    /** Stops the server (fast shutdown: open sessions are disconnected) and deletes its directory. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        stopQuietly();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running or has run
        }
    }

    private synchronized void stopQuietly() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            if (server.isAlive()) {
                runToCompletion(env, root, root.resolve("stop.log"), Duration.ofSeconds(30),
                        env.binDir().resolve("pg_ctl").toString(), "stop", "-D", dataDir.toString(), "-m", "fast",
                        "-w", "-t", "20");
            }
            if (!server.waitFor(10, TimeUnit.SECONDS)) {
                server.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (IOException | RuntimeException e) {
            server.destroyForcibly();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            server.destroyForcibly();
        } finally {
            deleteQuietly(root);
        }
    }

    private static Process startServer(Environment env, Path root, Path dataDir, Path socketDir, Path logFile,
            int port) throws IOException {
        List<String> command = env.command(env.binDir().resolve("postgres").toString(),
                "-D", dataDir.toString(),
                "-p", Integer.toString(port),
                "-c", "listen_addresses=127.0.0.1",
                "-c", "unix_socket_directories=" + socketDir,
                "-c", "fsync=off",
                "-c", "synchronous_commit=off",
                "-c", "full_page_writes=off",
                "-c", "max_connections=100",
                "-c", "shared_buffers=32MB");
        return new ProcessBuilder(command)
                .directory(root.toFile())
                .redirectErrorStream(true)
                .redirectOutput(logFile.toFile())
                .start();
    }

    private static void awaitReady(Process server, Path logFile) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + STARTUP_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (readLog(logFile).contains(READY)) {
                return;
            }
            if (!server.isAlive()) {
                throw new IOException("postgres exited with " + server.exitValue() + ":\n" + readLog(logFile));
            }
            Thread.sleep(25);
        }
        throw new IOException("postgres did not accept connections within " + STARTUP_TIMEOUT + ":\n"
                + readLog(logFile));
    }

    private static void runToCompletion(Environment env, Path workDir, Path log, Duration timeout,
            String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(env.command(command))
                .directory(workDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            throw new IOException(command[0] + " did not finish within " + timeout);
        }
        if (process.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " failed with " + process.exitValue() + ":\n"
                    + readLog(log));
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        }
    }

    private static String readLog(Path log) {
        try {
            return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            return "(log unreadable: " + e + ")";
        }
    }

    private static void deleteQuietly(Path root) {
        if (root == null || !Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException ignored) {
                    // best effort: a temp directory left behind is not worth failing a test over
                }
            });
        } catch (IOException | UncheckedIOException ignored) {
            // best effort
        }
    }

    private static Environment environment() {
        Environment env = environment;
        if (env == null) {
            synchronized (EmbeddedPostgres.class) {
                env = environment;
                if (env == null) {
                    env = Environment.detect();
                    environment = env;
                }
            }
        }
        return env;
    }

    /**
     * Where the binaries are and how to run them: {@code runAs} is the command prefix that drops root
     * (empty when not root), {@code user} the account it drops to, {@code problem} why nothing can run.
     */
    private record Environment(Path binDir, List<String> runAs, String user, String problem) {
        List<String> command(String... command) {
            List<String> full = new ArrayList<>(runAs);
            full.addAll(List.of(command));
            return full;
        }

        static Environment detect() {
            Optional<Path> binDir = findBinDir();
            if (binDir.isEmpty()) {
                return failed("no PostgreSQL binaries (initdb, postgres, pg_ctl) in /usr/lib/postgresql/*/bin"
                        + " or on the PATH");
            }
            boolean root;
            try {
                root = isRoot();
            } catch (IOException e) {
                return failed("cannot tell whether this process runs as root: " + e);
            }
            if (!root) {
                return new Environment(binDir.get(), List.of(), null, null);
            }
            String user = System.getProperty("osprey.postgres.user", "nobody");
            String uid = idOf(user, "-u");
            String gid = idOf(user, "-g");
            if (uid == null || gid == null) {
                return failed("running as root, which PostgreSQL refuses, and there is no user '" + user
                        + "' to run it as (set -Dosprey.postgres.user)");
            }
            Optional<Path> setpriv = findExecutable("setpriv");
            if (setpriv.isPresent()) {
                return new Environment(binDir.get(), List.of(setpriv.get().toString(), "--reuid=" + uid,
                        "--regid=" + gid, "--clear-groups", "--"), user, null);
            }
            Optional<Path> runuser = findExecutable("runuser");
            if (runuser.isPresent()) {
                return new Environment(binDir.get(), List.of(runuser.get().toString(), "-u", user, "--"), user,
                        null);
            }
            return failed("running as root, which PostgreSQL refuses, and neither setpriv nor runuser is"
                    + " installed to run it as '" + user + "'");
        }

        private static Environment failed(String problem) {
            return new Environment(null, List.of(), null, problem);
        }

        private static Optional<Path> findBinDir() {
            Path base = Path.of("/usr/lib/postgresql");
            if (Files.isDirectory(base)) {
                try (Stream<Path> versions = Files.list(base)) {
                    Optional<Path> newest = versions
                            .filter(v -> v.getFileName().toString().matches("\\d+(\\.\\d+)?"))
                            .sorted(Comparator.comparingDouble(
                                    (Path v) -> Double.parseDouble(v.getFileName().toString())).reversed())
                            .map(v -> v.resolve("bin"))
                            .filter(Environment::hasServerBinaries)
                            .findFirst();
                    if (newest.isPresent()) {
                        return newest;
                    }
                } catch (IOException ignored) {
                    // fall through to the PATH
                }
            }
            String path = System.getenv("PATH");
            if (path == null) {
                return Optional.empty();
            }
            return Stream.of(path.split(java.io.File.pathSeparator))
                    .filter(s -> !s.isBlank())
                    .map(Path::of)
                    .filter(Environment::hasServerBinaries)
                    .findFirst();
        }

        private static boolean hasServerBinaries(Path dir) {
            return Stream.of("initdb", "postgres", "pg_ctl").allMatch(b -> Files.isExecutable(dir.resolve(b)));
        }

        private static Optional<Path> findExecutable(String name) {
            return SEARCH_DIRS.stream().map(d -> Path.of(d, name)).filter(Files::isExecutable).findFirst();
        }

        private static boolean isRoot() throws IOException {
            Path probe = Files.createTempFile("osprey-uid-", ".probe");
            try {
                return ((Integer) Files.getAttribute(probe, "unix:uid")) == 0;
            } catch (UnsupportedOperationException e) {
                return false;
            } finally {
                Files.deleteIfExists(probe);
            }
        }

        private static String idOf(String user, String flag) {
            try {
                Process id = new ProcessBuilder("id", flag, user).redirectErrorStream(true).start();
                String out = new String(id.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
                return id.waitFor() == 0 && out.matches("\\d+") ? out : null;
            } catch (IOException e) {
                return null;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
        }
    }
}
