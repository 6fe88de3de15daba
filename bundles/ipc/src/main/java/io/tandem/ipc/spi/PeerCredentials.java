package io.tandem.ipc.spi;

/** Who is on the other end of a connection, as the kernel reports it (SO_PEERCRED) when the client connected. */
public record PeerCredentials(int pid, int uid, int gid) {
    public boolean isRoot() {
        return uid == 0;
    }

    @Override
    public String toString() {
        return "pid " + pid + " uid " + uid + " gid " + gid;
    }
}
