/** Value types shared by every Tandem subsystem: node ids, scores, CIB versions, action results, time. */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package io.tandem.common;
