package dev.osprey.context.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Where each owner's repository indexes live under the index root:
 *
 * <pre>
 * root/&lt;id&gt;                            the empty owner's (also every index made before owners existed)
 * root/@owners/&lt;sha256(owner)&gt;/@owner   the owner's name, UTF-8
 * root/@owners/&lt;sha256(owner)&gt;/&lt;id&gt;    that owner's
 * </pre>
 *
 * A repository id is letters, digits, '.', '_' and '-', so no id is {@code @owners} or {@code @owner}, and
 * an owner's directory is named by the SHA-256 of its name's UTF-16 code units: whatever text an owner or id holds, it
 * cannot name another owner's directory or escape the root.
 */
final class RepositoryDirectories {
    static final String OWNERS = "@owners";
    static final String OWNER_FILE = "@owner";
    private static final Pattern REPOSITORY_ID = Pattern.compile("[A-Za-z0-9._-]+");

    private final Path root;

    RepositoryDirectories(Path root) {
        this.root = root;
    }

    /** The directory holding the owner's repositories (it may not exist yet). */
    Path ownerDirectory(String owner) {
        return owner.isEmpty() ? root : root.resolve(OWNERS).resolve(sha256(owner));
    }

    /** The repository's index directory (it may not exist yet). */
    Path of(RepositoryKey repository) {
        return ownerDirectory(repository.owner()).resolve(repository.id());
    }

    /** Creates the owner's directory, recording the owner's name, before its first repository. */
    void claim(String owner) {
        Path dir = ownerDirectory(owner);
        try {
            Files.createDirectories(dir);
            if (owner.isEmpty() || Files.isRegularFile(dir.resolve(OWNER_FILE))) {
                return;
            }
            Path temporary = Files.createTempFile(dir, OWNER_FILE, ".tmp");
            Files.writeString(temporary, owner, StandardCharsets.UTF_8);
            try {
                Files.move(temporary, dir.resolve(OWNER_FILE), StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, dir.resolve(OWNER_FILE), StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the index directory of owner '" + owner + "' in " + dir, e);
        }
    }

    /** The owner's repository ids, sorted. */
    List<String> ids(String owner) {
        Path dir = ownerDirectory(owner);
        List<String> ids = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return ids;
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir, Files::isDirectory)) {
            for (Path entry : entries) {
                String name = entry.getFileName().toString();
                if (REPOSITORY_ID.matcher(name).matches() && !name.equals(".") && !name.equals("..")) {
                    ids.add(name);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the repositories in " + dir, e);
        }
        ids.sort(Comparator.naturalOrder());
        return ids;
    }

    /** Every owner that has a directory, the empty owner first, then by name. */
    List<String> owners() {
        List<String> owners = new ArrayList<>();
        Path all = root.resolve(OWNERS);
        if (Files.isDirectory(all)) {
            try (DirectoryStream<Path> entries = Files.newDirectoryStream(all, Files::isDirectory)) {
                for (Path entry : entries) {
                    Path name = entry.resolve(OWNER_FILE);
                    if (Files.isRegularFile(name)) {
                        String owner = Files.readString(name, StandardCharsets.UTF_8);
                        if (entry.getFileName().toString().equals(sha256(owner))) {
                            owners.add(owner);
                        }
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot list the owners in " + all, e);
            }
        }
        owners.sort(Comparator.naturalOrder());
        owners.addFirst("");
        return owners;
    }

    private static String sha256(String owner) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            for (int i = 0; i < owner.length(); i++) { // UTF-16 code units: lossless for any string
                char c = owner.charAt(i);
                digest.update((byte) (c >>> 8));
                digest.update((byte) c);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
