/**
 * Importers of foreign cluster configuration (heartbeat's ha.cf, authkeys and haresources) into Tandem's
 * ConfigAdmin configuration. Every line an importer does not carry over is reported as a finding, never
 * silently dropped.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.1.0")
package io.tandem.importers;
