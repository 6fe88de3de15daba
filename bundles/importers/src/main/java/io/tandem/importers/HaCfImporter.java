package io.tandem.importers;

import java.io.IOException;
import java.nio.file.Path;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Imports heartbeat's {@code ha.cf} and {@code authkeys} into Tandem's configuration: PIDs
 * {@code io.tandem.messaging}, {@code io.tandem.membership} and, for what belongs to resources,
 * {@code io.tandem.crm}; the authkeys file is copied to {@code etc/authkeys} under {@code karaf.base}.
 *
 * <p>Problems in the files are findings in the report, not exceptions. When any finding is an
 * {@link Severity#ERROR}, nothing is changed: the running cluster never goes down because of a bad file.
 */
@ProviderType
public interface HaCfImporter {
    /**
     * @param haCf the ha.cf to read
     * @param authKeys the authkeys to read, or {@code null} for the file {@code authkeys} beside {@code haCf}
     * @param dryRun report only, change nothing
     * @throws IOException if writing the authkeys file or the configuration failed (the files read were fine)
     */
    ImportReport importHaCf(Path haCf, Path authKeys, boolean dryRun) throws IOException;
}
