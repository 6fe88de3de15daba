package io.tandem.shell.internal;

import io.tandem.importers.HaCfImporter;
import io.tandem.importers.ImportReport;
import io.tandem.importers.Severity;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.completers.FileCompleter;

@Command(scope = "ha", name = "import-hacf", description = "Imports heartbeat's ha.cf and authkeys into Tandem's configuration.",
        detailedDescription = """
                Reads a heartbeat ha.cf and its authkeys (by default the file authkeys beside ha.cf) and carries them over:
                  node, keepalive, deadtime, warntime, initdead, ping, ping_group, deadping  -> etc/io.tandem.membership.config
                  udpport, ucast, mcast, bcast, keepalive, deadtime, compression_threshold,
                  cluster_name (a Tandem extension)                                   -> etc/io.tandem.messaging.config
                  auto_failback                                                       -> etc/io.tandem.crm.cfg
                  authkeys                                              -> etc/authkeys (mode 600, replaced atomically)
                Times are seconds unless they end in ms (2, 1.5, 250ms), as in heartbeat.

                Every finding is printed as FILE:LINE: SEVERITY: directive: message. INFO: not needed in Tandem, with \
                the reason (logging, ipfail, ...). WARNING: imported, but look at it (unknown directives, a single \
                heartbeat link, '//' annotations, a crc key). ERROR: the file is wrong (bad values, no media, an authkeys \
                file readable by others, which heartbeat refuses too); then nothing at all is changed and the command \
                fails, so a bad file never takes the running cluster down.

                With --dry-run, prints the findings and the configuration it would write, and changes nothing.""")
@Service
public final class ImportHaCfCommand implements Action {
    @Reference
    HaCfImporter importer;

    @Argument(index = 0, name = "file", description = "the ha.cf to import, such as /etc/ha.d/ha.cf", required = true)
    @Completion(FileCompleter.class)
    String file;

    @Option(name = "--authkeys", description = "the authkeys to import (default: authkeys beside ha.cf)")
    @Completion(FileCompleter.class)
    String authKeys;

    @Option(name = "--dry-run", description = "report only, change nothing")
    boolean dryRun;

    @Override
    public Object execute() throws IOException, ImportFailedException {
        run(System.out);
        return null;
    }

    /** Prints the report to {@code out}, then fails if it has errors. */
    void run(PrintStream out) throws IOException, ImportFailedException {
        ImportReport report = importer.importHaCf(Path.of(file), authKeys == null ? null : Path.of(authKeys), dryRun);
        out.print(TextRenderer.importReport(report));
        out.flush();
        if (report.hasErrors()) {
            throw new ImportFailedException(report.haCf() + " was not imported: " + report.count(Severity.ERROR)
                    + " error(s); nothing was changed");
        }
    }

    /** Makes the command fail (a non-zero exit for scripts) after the findings were printed. */
    static final class ImportFailedException extends Exception {
        private static final long serialVersionUID = 1L;

        ImportFailedException(String message) {
            super(message);
        }
    }
}
