/**
 * Virtual IPv4/IPv6 addresses on network interfaces: add, remove, check (address and link) and announce
 * (gratuitous ARP, unsolicited neighbour advertisement), in the host's network namespace or a named one.
 */
@Export
@Version("1.0.0")
package io.tandem.vip;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
