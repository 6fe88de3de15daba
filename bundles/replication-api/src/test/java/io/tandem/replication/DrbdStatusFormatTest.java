package io.tandem.replication;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DrbdStatusFormatTest {
    private static VolumeStatus status(ConnectionState cs, DiskState peer, Optional<SyncProgress> p, long oos) {
        return new VolumeStatus(2, "r0", cs, Role.PRIMARY, Role.SECONDARY, DiskState.UP_TO_DATE, peer, Protocol.C,
                new Counters(372792, 0, 0, 380960, 0, 22, 1, 13, 256, 0, 1, 'b', oos), GenerationIds.justCreated(), p,
                false, "");
    }

    @Test
    void syncingDeviceLooksLikeSeed004() {
        // From seed 004: 12.0% of 3140544 KiB done, 41,376 K/sec, 1:06 left.
        SyncProgress p = new SyncProgress(3140544, 2768160, 41376, 41376, 66, false);
        String text = DrbdStatusFormat.device(status(ConnectionState.SYNC_SOURCE, DiskState.INCONSISTENT,
                Optional.of(p), 2768160));
        assertEquals(" 2: cs:SyncSource ro:Primary/Secondary ds:UpToDate/Inconsistent C r-----\n"
                + "    ns:372792 nr:0 dw:0 dr:380960 al:0 bm:22 lo:1 pe:13 ua:256 ap:0 ep:1 wo:b oos:2768160\n"
                + "\t[=>..................] sync'ed: 11.8% (2768160/3140544)K\n"
                + "\tfinish: 0:01:06 speed: 41,376 (41,376) K/sec\n", text);
    }

    @Test
    void versionLineAndJson() {
        String text = DrbdStatusFormat.procDrbd(List.of(status(ConnectionState.CONNECTED, DiskState.UP_TO_DATE,
                Optional.empty(), 0)));
        assertTrue(text.startsWith("version: 8.3.16 (api:88/proto:86-97)\n"), text);
        assertTrue(text.contains(" 2: cs:Connected ro:Primary/Secondary ds:UpToDate/UpToDate C r-----\n"), text);
        String json = DrbdStatusFormat.json(List.of(status(ConnectionState.CONNECTED, DiskState.UP_TO_DATE,
                Optional.empty(), 0)));
        assertTrue(json.startsWith("[{\"name\":\"r0\",\"minor\":2,\"cs\":\"Connected\",\"ro\":\"Primary\""), json);
        assertTrue(json.contains("\"oos\":0"), json);
    }

    @Test
    void largeVolumesShowMegabytes() {
        SyncProgress p = new SyncProgress(5377L * 1024, 4081L * 1024, 42924, 42924, 97, false);
        assertTrue(DrbdStatusFormat.progress(p).contains("(4081/5377)M"), DrbdStatusFormat.progress(p));
    }
}
