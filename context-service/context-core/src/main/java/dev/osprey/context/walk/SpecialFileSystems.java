package dev.osprey.context.walk;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

/**
 * Filesystems whose files are the kernel's view of processes, devices and settings rather than source
 * code ({@code /proc}, {@code /sys}, {@code /dev} and their kin): never walked, wherever they are mounted.
 */
public final class SpecialFileSystems {
    /** Mount points of the special filesystems on a standard Linux system. */
    static final Set<Path> MOUNT_POINTS = Set.of(Path.of("/proc"), Path.of("/sys"), Path.of("/dev"));
    /** {@link FileStore#type()} values of pseudo filesystems (Linux names). */
    static final Set<String> TYPES = Set.of("proc", "sysfs", "devtmpfs", "devpts", "debugfs", "tracefs",
            "securityfs", "cgroup", "cgroup2", "pstore", "bpf", "configfs", "fusectl", "mqueue", "hugetlbfs",
            "binfmt_misc", "autofs", "efivarfs", "selinuxfs", "rpc_pipefs", "nsfs");

    private SpecialFileSystems() {
    }

    /**
     * Whether {@code realPath} (already resolved by {@link Path#toRealPath}) is on a special filesystem:
     * under one of the standard mount points, or on a file store of a special type.
     */
    public static boolean contains(Path realPath) throws IOException {
        for (Path mountPoint : MOUNT_POINTS) {
            if (realPath.startsWith(mountPoint)) {
                return true;
            }
        }
        return isSpecialType(Files.getFileStore(realPath).type());
    }

    /** Whether a {@link FileStore#type()} names a special filesystem. */
    public static boolean isSpecialType(String fileStoreType) {
        return TYPES.contains(fileStoreType);
    }
}
