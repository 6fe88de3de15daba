/** The policy engine: a pure function from a CIB and a time to scores, a transition graph and a summary. */
@Export
@Version("1.1.0")
package io.tandem.scheduler;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
