/**
 * The Cluster Information Base: Pacemaker's CIB XML as an immutable element tree, its version triple and
 * the parser that names file, line and element on every error; since 1.1 also validation ({@link CibValidator}),
 * the content digest ({@link CibDigest}), patches ({@link CibDiff}, {@link CibPatch}) and the node's store
 * ({@link CibStore}, {@link CibListener}).
 */
@Export
@Version("1.1.0")
package io.tandem.cib;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
