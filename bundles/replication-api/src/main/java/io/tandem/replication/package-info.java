/**
 * DRBD-style replicated volumes: the {@link io.tandem.replication.Volume} a device layer or resource agent
 * drives, its configuration ({@link io.tandem.replication.VolumeConfig}, read from drbd.conf by
 * {@link io.tandem.replication.DrbdConf}), its state named as DRBD names it, and renderers of that state in
 * /proc/drbd's layout and as JSON ({@link io.tandem.replication.DrbdStatusFormat}).
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.1.0")
package io.tandem.replication;
