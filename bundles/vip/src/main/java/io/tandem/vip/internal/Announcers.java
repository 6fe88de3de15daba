package io.tandem.vip.internal;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Background announcers, one per address: a new announcement or the removal of the address ends the previous
 * one (IPaddr2 kills its send_arp by pid file for the same reason), and stopping the bundle ends them all.
 */
final class Announcers {
    private final Map<String, Process> running = new ConcurrentHashMap<>();

    void start(String key, Process process) {
        Process previous = running.put(key, process);
        if (previous != null) {
            previous.destroy();
        }
        process.onExit().thenRun(() -> running.remove(key, process));
    }

    void stop(String key) {
        Process p = running.remove(key);
        if (p != null) {
            p.destroy();
        }
    }

    int size() {
        return running.size();
    }

    void stopAll() {
        running.values().forEach(Process::destroy);
        running.clear();
    }
}
