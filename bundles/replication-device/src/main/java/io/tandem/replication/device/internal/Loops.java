package io.tandem.replication.device.internal;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Loop devices through {@code losetup} and their state through {@code /sys/block/loopN}. */
final class Loops {
    private final Commands commands;
    private final Path sysBlock;

    Loops(Commands commands, Path sysBlock) {
        this.commands = commands;
        this.sysBlock = sysBlock;
    }

    /** {@code losetup --show -f [--direct-io=on] FILE}: the new loop device. */
    Path attach(Path file, boolean directIo) throws IOException {
        Commands.Result r = directIo
                ? commands.check("losetup", "--show", "-f", "--direct-io=on", file.toString())
                : commands.check("losetup", "--show", "-f", file.toString());
        // losetup prints a warning before the name when direct I/O could not be enabled; the name is the last line.
        String[] lines = r.output().split("\n");
        String dev = lines[lines.length - 1].strip();
        if (!dev.startsWith("/dev/loop")) {
            throw new IOException(r.describe() + ": no loop device in the answer");
        }
        return Path.of(dev);
    }

    Commands.Result detach(Path loop) throws IOException {
        return commands.run("losetup", "-d", loop.toString());
    }

    /** The file the loop device is backed by, or empty if it is free (or gone). */
    Optional<Path> backingFile(Path loop) throws IOException {
        Optional<String> s = sysValue(loop, "loop/backing_file");
        return s.map(v -> Path.of(v.endsWith(" (deleted)") ? v.substring(0, v.length() - 10) : v));
    }

    boolean directIo(Path loop) throws IOException {
        return sysValue(loop, "loop/dio").map("1"::equals).orElse(false);
    }

    /** "major:minor" of the loop device. */
    String majorMinor(Path loop) throws IOException {
        return sysValue(loop, "dev").orElseThrow(() -> new IOException(loop + ": not in " + sysBlock));
    }

    /** Block devices stacked on the loop device (device mapper, md). */
    List<String> holders(Path loop) throws IOException {
        Path dir = sysBlock.resolve(loop.getFileName().toString()).resolve("holders");
        List<String> names = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return names;
        }
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path p : ds) {
                names.add(p.getFileName().toString());
            }
        }
        return names;
    }

    /** Every loop device backed by {@code file}, found by path as the kernel recorded it (works on dead FUSE files). */
    List<Path> backedBy(Path file) throws IOException {
        List<Path> loops = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(sysBlock, "loop*")) {
            for (Path p : ds) {
                Path dev = Path.of("/dev").resolve(p.getFileName().toString());
                if (backingFile(dev).filter(file::equals).isPresent()) {
                    loops.add(dev);
                }
            }
        }
        return loops;
    }

    private Optional<String> sysValue(Path loop, String name) throws IOException {
        try {
            return Optional.of(Files.readString(sysBlock.resolve(loop.getFileName().toString()).resolve(name)).strip());
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }
}
