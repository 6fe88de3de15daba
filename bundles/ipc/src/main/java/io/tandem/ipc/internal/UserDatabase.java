package io.tandem.ipc.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Users and groups as the local files define them (/etc/passwd, /etc/group) and a process's supplementary
 * groups from /proc. Read on every lookup: connections are rare and group changes should apply at once.
 * NSS sources other than files (LDAP, sssd) are not consulted.
 */
final class UserDatabase {
    private final Path passwd;
    private final Path group;
    private final Path proc;

    UserDatabase(Path passwd, Path group, Path proc) {
        this.passwd = passwd;
        this.group = group;
        this.proc = proc;
    }

    static UserDatabase system() {
        return new UserDatabase(Path.of("/etc/passwd"), Path.of("/etc/group"), Path.of("/proc"));
    }

    Optional<String> userName(int uid) {
        for (String[] f : rows(passwd)) {
            if (f.length > 2 && f[2].equals(Integer.toString(uid))) {
                return Optional.of(f[0]);
            }
        }
        return Optional.empty();
    }

    Optional<Integer> uid(String userName) {
        for (String[] f : rows(passwd)) {
            if (f.length > 2 && f[0].equals(userName)) {
                return parse(f[2]);
            }
        }
        return Optional.empty();
    }

    Optional<String> groupName(int gid) {
        for (String[] f : rows(group)) {
            if (f.length > 2 && f[2].equals(Integer.toString(gid))) {
                return Optional.of(f[0]);
            }
        }
        return Optional.empty();
    }

    Optional<Integer> gid(String groupName) {
        for (String[] f : rows(group)) {
            if (f.length > 2 && f[0].equals(groupName)) {
                return parse(f[2]);
            }
        }
        return Optional.empty();
    }

    /**
     * The peer's groups: its primary gid, plus the supplementary groups of the process (from
     * /proc/PID/status) or, if the process is gone, those /etc/group lists the user in.
     */
    Set<Integer> groupsOf(int pid, int uid, int gid) {
        Set<Integer> groups = new LinkedHashSet<>();
        groups.add(gid);
        Optional<List<Integer>> fromProc = processGroups(pid);
        if (fromProc.isPresent()) {
            groups.addAll(fromProc.get());
            return groups;
        }
        Optional<String> user = userName(uid);
        if (user.isPresent()) {
            for (String[] f : rows(group)) {
                if (f.length > 3 && List.of(f[3].split(",")).contains(user.get())) {
                    parse(f[2]).ifPresent(groups::add);
                }
            }
        }
        return groups;
    }

    private Optional<List<Integer>> processGroups(int pid) {
        if (pid <= 0) {
            return Optional.empty();
        }
        try {
            for (String line : Files.readAllLines(proc.resolve(Integer.toString(pid)).resolve("status"), StandardCharsets.UTF_8)) {
                if (line.startsWith("Groups:")) {
                    List<Integer> groups = new ArrayList<>();
                    for (String g : line.substring("Groups:".length()).trim().split("\\s+")) {
                        parse(g).ifPresent(groups::add);
                    }
                    return Optional.of(groups);
                }
            }
        } catch (IOException e) {
            // The process may have exited since it connected; /etc/group is the fallback.
        }
        return Optional.empty();
    }

    private static List<String[]> rows(Path file) {
        List<String[]> rows = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                if (!line.isBlank() && !line.startsWith("#")) {
                    rows.add(line.split(":", -1));
                }
            }
        } catch (NoSuchFileException e) {
            return rows;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot read " + file, e);
        }
        return rows;
    }

    private static Optional<Integer> parse(String number) {
        try {
            return Optional.of(Integer.parseInt(number.trim()));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
