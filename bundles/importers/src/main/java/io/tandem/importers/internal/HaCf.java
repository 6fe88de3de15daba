package io.tandem.importers.internal;

import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * What an ha.cf says that Tandem carries over, in Tandem's units. Absent values were not in the file (or,
 * for warntime and initdead, could not be derived from it).
 *
 * @param media heartbeat media in the configuration contract's form: {@code ucast DEV PEER},
 *        {@code mcast DEV GROUP PORT TTL LOOP}, {@code bcast DEV}
 * @param pingNodes {@code ping ADDR} and {@code ping_group NAME ADDR...}
 * @param autoFailback {@code on}, {@code off} or {@code legacy}, kept for the resource manager
 */
record HaCf(List<String> nodes, OptionalLong keepAliveMillis, OptionalLong deadTimeMillis, OptionalLong warnTimeMillis,
            OptionalLong initDeadMillis, Optional<Integer> udpPort, List<String> media,
            Optional<Integer> compressionThresholdBytes, List<String> pingNodes, OptionalLong deadPingMillis,
            Optional<String> clusterName, Optional<String> autoFailback) {
    HaCf {
        nodes = List.copyOf(nodes);
        media = List.copyOf(media);
        pingNodes = List.copyOf(pingNodes);
    }
}
