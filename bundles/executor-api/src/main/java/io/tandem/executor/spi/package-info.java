/** The SPI agent bundles implement: one {@link io.tandem.executor.spi.ResourceAgent} service per agent type. */
@Export
@Version("1.1.0")
package io.tandem.executor.spi;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
