package io.tandem.cib.internal;

import io.tandem.cib.Cib;
import io.tandem.cib.CibDigest;
import io.tandem.cib.CibParseException;
import io.tandem.cib.CibValidator;
import io.tandem.cib.CibXml;
import io.tandem.common.AtomicFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.function.LongSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The CIB directory: {@code cib.xml} with its digest in {@code cib.xml.sig} (as Pacemaker keeps it), and the last N
 * configuration versions as {@code cib-<n>.raw} + {@code cib-<n>.raw.sig}, n counting up.
 *
 * <p>Writes replace each file atomically ({@link AtomicFiles}: temporary file, fsync, rename, fsync of the
 * directory), the XML first, then its digest. A crash between the two leaves a pair that does not match, which
 * loading treats as corrupt and answers with the newest backup. So that the newest backup is always the newest
 * configuration written, a write that carries a new configuration also writes the new pair as the next backup.
 * Backups are copies, not hard links: a link would share the inode, so an in-place edit or a damaged block of
 * cib.xml would damage the backup with it.
 */
public final class CibFiles {
    static final String CIB = "cib.xml";
    static final String SIG = ".sig";
    private static final Logger LOG = LoggerFactory.getLogger(CibFiles.class);
    private static final Pattern BACKUP = Pattern.compile("cib-([0-9]{1,18})\\.raw");
    /** The CIB holds fence device passwords and the like: readable by the owner only, as Pacemaker does. */
    private static final Set<PosixFilePermission> MODE = EnumSet.of(PosixFilePermission.OWNER_READ,
            PosixFilePermission.OWNER_WRITE);
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss.SSS'Z'")
            .withZone(ZoneOffset.UTC);

    /** What loading found. */
    record Loaded(Cib cib, Path from, String problem) {
    }

    private final Path directory;
    private final int backupCount;
    private final LongSupplier wallClockMillis;
    private final String validateWith;
    private long lastBackup;
    private long writes;

    public CibFiles(Path directory, int backupCount, LongSupplier wallClockMillis, String validateWith) {
        if (backupCount < 1) {
            throw new IllegalArgumentException("backupCount must be at least 1, not " + backupCount);
        }
        this.directory = directory;
        this.backupCount = backupCount;
        this.wallClockMillis = wallClockMillis;
        this.validateWith = validateWith;
    }

    /** Writes attempted so far (tests check that status writes coalesce). */
    long writes() {
        return writes;
    }

    Path directory() {
        return directory;
    }

    Path cibFile() {
        return directory.resolve(CIB);
    }

    /**
     * Reads the stored CIB: cib.xml if it is valid and matches its digest; otherwise the newest valid backup, with
     * the bad file kept aside as {@code cib.xml.corrupt-<time>} and the backup written back as cib.xml; an empty CIB
     * when the directory holds no CIB at all.
     *
     * @throws CibLoadException when there is a CIB but no valid one; nothing is renamed then
     */
    Loaded load() throws CibLoadException, IOException {
        Files.createDirectories(directory);
        removeTemporaryFiles();
        List<Long> backups = backups();
        lastBackup = backups.isEmpty() ? 0 : backups.get(0);
        Path main = cibFile();
        CibParseException mainProblem = null;
        if (Files.exists(main)) {
            try {
                return new Loaded(readVerified(main), main, null);
            } catch (CibParseException e) {
                mainProblem = e;
                LOG.error("The stored CIB is not usable: {}", e.getMessage());
            }
        } else if (backups.isEmpty()) {
            LOG.info("No CIB in {}: starting with an empty one", directory);
            return new Loaded(Cib.empty(validateWith), null, null);
        }
        List<String> backupProblems = new ArrayList<>();
        for (long n : backups) {
            Path backup = backupFile(n);
            try {
                Cib cib = readVerified(backup);
                String problem = mainProblem == null ? main + " is missing" : mainProblem.getMessage();
                if (mainProblem != null) {
                    keepAside(main);
                }
                LOG.warn("Using the backup {} (version {}) because {}", backup, cib.version(), problem);
                write(cib, false);
                return new Loaded(cib, backup, problem);
            } catch (CibParseException e) {
                LOG.error("The backup {} is not usable either: {}", backup, e.getMessage());
                backupProblems.add(e.getMessage());
            }
        }
        String first = mainProblem == null ? main + " is missing" : mainProblem.getMessage();
        throw new CibLoadException(first + (backups.isEmpty() ? "; there is no backup in " + directory
                : "; no backup is valid either (" + String.join("; ", backupProblems) + ")")
                + ". Fix or replace the file (its digest is in " + CIB + SIG + ")", mainProblem);
    }

    /** Parses, validates and checks the digest of a stored CIB. */
    static Cib readVerified(Path file) throws CibParseException, IOException {
        Cib cib = CibValidator.read(file);
        Path sig = file.resolveSibling(file.getFileName() + SIG);
        if (Files.exists(sig)) {
            String expected = Files.readString(sig, StandardCharsets.US_ASCII).trim();
            String actual = CibDigest.of(cib);
            if (!actual.equals(expected)) {
                throw new CibParseException(file.toString(), cib.root().line(), "cib", "the content's digest " + actual
                        + " is not the one in " + sig.getFileName() + " (" + abbreviate(expected)
                        + "): the file was changed outside Tandem or only partly written");
            }
        } else {
            // A cib.xml copied from a Pacemaker node has a digest of another kind, or none: accept its content.
            LOG.warn("{} has no digest file {}; accepting its content as it is", file, sig.getFileName());
        }
        return cib;
    }

    private static String abbreviate(String s) {
        return s.length() > 80 ? s.substring(0, 80) + "..." : s;
    }

    /**
     * Replaces cib.xml (and its digest) with {@code cib}; with {@code backup}, the new pair also becomes the next
     * backup and the oldest backups beyond the configured count are removed.
     */
    void write(Cib cib, boolean backup) throws IOException {
        writes++;
        byte[] xml = CibXml.toXml(cib.root()).getBytes(StandardCharsets.UTF_8);
        byte[] sig = (CibDigest.of(cib) + "\n").getBytes(StandardCharsets.US_ASCII);
        Path main = cibFile();
        Path mainSig = directory.resolve(CIB + SIG);
        AtomicFiles.write(main, xml, MODE);
        AtomicFiles.write(mainSig, sig, MODE);
        if (backup) {
            long n = lastBackup + 1;
            Path b = backupFile(n);
            AtomicFiles.write(b, xml, MODE);
            AtomicFiles.write(b.resolveSibling(b.getFileName() + SIG), sig, MODE);
            lastBackup = n;
            for (long old : backups()) {
                if (old <= n - backupCount) {
                    Files.deleteIfExists(backupFile(old));
                    Files.deleteIfExists(directory.resolve(backupFile(old).getFileName() + SIG));
                }
            }
        }
    }

    Path backupFile(long n) {
        return directory.resolve("cib-" + n + ".raw");
    }

    /** Backup numbers, newest first. */
    List<Long> backups() throws IOException {
        try (Stream<Path> s = Files.list(directory)) {
            return s.map(p -> BACKUP.matcher(p.getFileName().toString()))
                    .filter(Matcher::matches)
                    .map(m -> Long.parseLong(m.group(1)))
                    .sorted(Comparator.reverseOrder())
                    .toList();
        }
    }

    private void keepAside(Path main) throws IOException {
        String stamp = STAMP.format(Instant.ofEpochMilli(wallClockMillis.getAsLong()));
        Path aside = main.resolveSibling(CIB + ".corrupt-" + stamp);
        Files.move(main, aside, StandardCopyOption.REPLACE_EXISTING);
        Path sig = main.resolveSibling(CIB + SIG);
        if (Files.exists(sig)) {
            Files.move(sig, main.resolveSibling(CIB + SIG + ".corrupt-" + stamp), StandardCopyOption.REPLACE_EXISTING);
        }
        LOG.error("Kept the unusable CIB as {}", aside);
    }

    /** Leftovers of writes a crash interrupted (AtomicFiles names them .NAME.RANDOM.tmp): never the real thing. */
    private void removeTemporaryFiles() throws IOException {
        try (Stream<Path> s = Files.list(directory)) {
            for (Path p : s.toList()) {
                String name = p.getFileName().toString();
                if (name.startsWith(".cib") && name.endsWith(".tmp")) {
                    LOG.info("Removing {}, left over from an interrupted write", p);
                    Files.deleteIfExists(p);
                }
            }
        }
    }
}
