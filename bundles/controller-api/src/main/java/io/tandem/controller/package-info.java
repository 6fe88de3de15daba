/**
 * The cluster resource manager's controller as the outside sees it: who is DC, what the cluster is doing, and
 * {@link io.tandem.controller.ClusterAdmin}, the one admin API the shell, the web console and the CLI share.
 */
@Export
@Version("1.0.0")
package io.tandem.controller;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
