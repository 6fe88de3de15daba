/**
 * Value types shared by every Tandem subsystem: node ids, scores, CIB versions, action results, time; and
 * {@link io.tandem.common.AtomicFiles} for state files that must survive a crash whole.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.2.0")
package io.tandem.common;
