/**
 * crm shell configuration syntax ({@code crm configure}, as crmsh 4.x writes and reads it) over
 * {@link io.tandem.cib.Cib} values: {@link io.tandem.importers.crm.CrmParser} (text to commands, syntax errors
 * with line and column), {@link io.tandem.importers.crm.CrmApplier} (commands to a new Cib, with ids generated
 * the way crmsh generates them), {@link io.tandem.importers.crm.CrmShow} ({@code show} and {@code show xml})
 * and {@link io.tandem.importers.crm.CrmSession} (staged edits, committed by the caller). Pure code: no I/O,
 * no OSGi.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package io.tandem.importers.crm;
