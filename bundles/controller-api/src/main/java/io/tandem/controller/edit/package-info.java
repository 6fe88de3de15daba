/**
 * The configuration side of every {@link io.tandem.controller.ClusterAdmin} request, as pure functions of the CIB:
 * each takes the current {@link io.tandem.cib.Cib} (and, where time matters, "now") and returns the changed one, writing
 * exactly the elements and ids Pacemaker 2.1.5's {@code crm_resource}, {@code crm_attribute} and the controller's
 * clean-up write, or throws an {@link io.tandem.controller.AdminException} and changes nothing.
 * {@link io.tandem.controller.edit.CibUpdates} wraps them as {@link io.tandem.cib.CibUpdate}s for the DC's store.
 */
@Export
@Version("1.0.0")
package io.tandem.controller.edit;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
