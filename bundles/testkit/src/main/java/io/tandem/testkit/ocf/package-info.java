/**
 * An OCF compliance checker for tests: the checks {@code /usr/sbin/ocf-tester} (resource-agents) makes, run
 * against an agent through the executor API or directly through the agent SPI.
 */
package io.tandem.testkit.ocf;
