package io.tandem.importers;

/** How much a finding matters. Any {@link #ERROR} stops an import from changing anything. */
public enum Severity {
    /** Carried over differently, or deliberately not needed in Tandem; nothing to do. */
    INFO,
    /** Imported, but the file is unusual or something was left out that the user may want back. */
    WARNING,
    /** The file is wrong; nothing is applied. */
    ERROR
}
