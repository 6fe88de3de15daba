/** Node attributes: transient (status section, gone at reboot) and permanent (nodes section), cluster options. */
@Export
@Version("1.1.0")
package io.tandem.attributes;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
