package io.tandem.agent.filesystem.internal;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Filesystem's parameters, checked; problems are IllegalArgumentExceptions naming the parameter. */
record FsParameters(String device, Path directory, String fstype, String options, String statusfilePrefix, String runFsck,
                    ForceUnmount forceUnmount, boolean fastStop) {

    enum ForceUnmount { TRUE, SAFE, FALSE }

    /** fsck is pointless (journaled) or impossible (network, virtual) for these, as the shell agent's list says. */
    private static final Set<String> NO_FSCK = Set.of("ext4", "ext4dev", "ext3", "reiserfs", "reiser4", "nss", "xfs", "jfs", "vfat",
            "fat", "nfs4", "nfs", "efs", "cifs", "smbfs", "ocfs2", "gfs2", "none", "lustre", "glusterfs", "ceph", "tmpfs", "overlay",
            "overlayfs", "rozofs", "zfs", "cvfs", "btrfs");
    static final Set<String> NETWORK = Set.of("nfs", "nfs4", "efs", "cifs", "smbfs", "glusterfs", "ceph");

    static FsParameters parse(Map<String, String> p) {
        String device = value(p, "device");
        if (device.isEmpty()) {
            throw new IllegalArgumentException("device: please set the device parameter (the block device to mount)");
        }
        String dir = value(p, "directory");
        if (dir.isEmpty()) {
            throw new IllegalArgumentException("directory: please set the directory parameter (the mount point)");
        }
        Path directory = Path.of(dir).normalize();
        if (!directory.isAbsolute() || directory.getNameCount() == 0) {
            throw new IllegalArgumentException("directory: the mount point must be an absolute path other than /, not '" + dir + "'");
        }
        String fstype = value(p, "fstype");
        if (fstype.isEmpty()) {
            throw new IllegalArgumentException("fstype: please set the fstype parameter (e.g. ext4, xfs, nfs)");
        }
        if (!fstype.matches("[A-Za-z0-9_.+-]+")) {
            throw new IllegalArgumentException("fstype: '" + fstype + "' is not a filesystem type name");
        }
        String runFsck = value(p, "run_fsck").isEmpty() ? "auto" : value(p, "run_fsck");
        if (!List.of("auto", "force", "no").contains(runFsck)) {
            throw new IllegalArgumentException("run_fsck: must be auto, force or no, not '" + runFsck + "'");
        }
        String force = value(p, "force_unmount").isEmpty() ? "true" : value(p, "force_unmount").toLowerCase(Locale.ROOT);
        ForceUnmount forceUnmount = switch (force) {
            case "safe" -> ForceUnmount.SAFE;
            case "true", "yes", "1", "on", "y" -> ForceUnmount.TRUE;
            case "false", "no", "0", "off", "n" -> ForceUnmount.FALSE;
            default -> throw new IllegalArgumentException("force_unmount: must be true, safe or false, not '" + force + "'");
        };
        String fast = value(p, "fast_stop").toLowerCase(Locale.ROOT);
        boolean fastStop = switch (fast) {
            case "", "no", "false", "0", "off", "n" -> false;
            case "yes", "true", "1", "on", "y" -> true;
            default -> throw new IllegalArgumentException("fast_stop: must be a boolean, not '" + fast + "'");
        };
        String prefix = p.containsKey("statusfile_prefix") && !value(p, "statusfile_prefix").isEmpty()
                ? value(p, "statusfile_prefix") : ".Filesystem_status/";
        if (prefix.startsWith("/") || Path.of(prefix).normalize().startsWith("..")) {
            throw new IllegalArgumentException("statusfile_prefix: must stay inside the mount point, not '" + prefix + "'");
        }
        return new FsParameters(device, directory, fstype, value(p, "options"), prefix, runFsck, forceUnmount, fastStop);
    }

    /** A device path we can check and read; -U/-L/UUID=/LABEL= and host:/path sources are left to mount. */
    boolean isDevicePath() {
        return device.startsWith("/") && !NETWORK.contains(fstype) && !fstype.equals("none");
    }

    boolean fsckNeeded() {
        return switch (runFsck) {
            case "force" -> true;
            case "no" -> false;
            default -> !NO_FSCK.contains(fstype) && isDevicePath();
        };
    }

    /** mount's arguments for the source: "-U uuid" and "-L label" are two words, as the shell agent splits them. */
    List<String> sourceArguments() {
        if ((device.startsWith("-U ") || device.startsWith("-L ")) && device.length() > 3) {
            return List.of(device.substring(0, 2), device.substring(3).trim());
        }
        return List.of(device);
    }

    private static String value(Map<String, String> p, String name) {
        String v = p.get(name);
        return v == null ? "" : v.trim();
    }
}
