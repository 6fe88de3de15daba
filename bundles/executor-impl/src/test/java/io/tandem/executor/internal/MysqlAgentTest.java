package io.tandem.executor.internal;

import static io.tandem.executor.internal.RealSystem.run;
import static io.tandem.executor.internal.RealSystem.sh;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tandem.common.OcfExitCode;
import io.tandem.executor.AgentId;
import io.tandem.executor.OperationResult;
import io.tandem.executor.OperationSpec;
import io.tandem.executor.ResourceSpec;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * ocf:heartbeat:mysql, unmodified, managing a MariaDB server in a temporary datadir with its socket and pid file
 * there and a non-default port on 127.0.0.1. The server is stopped (through the agent, else by pid) even when
 * the test fails.
 */
class MysqlAgentTest {
    private Path base;
    private int port;
    private ExecutorRuntime executor;
    private ResourceSpec db;

    @BeforeEach
    void setUp() throws Exception {
        RealSystem.assumeOcf();
        RealSystem.assumeCommand("/usr/bin/mysqld_safe");
        RealSystem.assumeCommand("/usr/bin/mariadb-install-db");
        org.junit.jupiter.api.Assumptions.assumeTrue(sh(false, "id", "-u", "mysql").trim().matches("\\d+"),
                "skipped: no mysql user (install mariadb-server)");
        // Not @TempDir: mysqld runs as user mysql and must be able to reach its directories.
        base = Files.createTempDirectory("tandem-mysql-");
        Files.setPosixFilePermissions(base, PosixFilePermissions.fromString("rwxr-xr-x"));
        for (String d : List.of("data", "run", "log")) {
            Files.createDirectories(base.resolve(d));
            sh(true, "chown", "mysql:mysql", base.resolve(d).toString());
        }
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        Files.writeString(base.resolve("my.cnf"), """
                [mysqld]
                datadir=%1$s/data
                socket=%1$s/run/mysqld.sock
                pid-file=%1$s/run/mysqld.pid
                log-error=%1$s/log/error.log
                port=%2$d
                bind-address=127.0.0.1
                skip-name-resolve
                [client]
                socket=%1$s/run/mysqld.sock
                """.formatted(base, port));
        sh(true, "mariadb-install-db", "--defaults-file=" + base.resolve("my.cnf"), "--user=mysql",
                "--datadir=" + base.resolve("data"), "--skip-test-db");
        executor = RealSystem.runtime(Map.of());
        db = new ResourceSpec("db1", AgentId.parse("ocf:heartbeat:mysql"), Map.of(
                "config", base.resolve("my.cnf").toString(), "datadir", base.resolve("data").toString(),
                "pid", base.resolve("run/mysqld.pid").toString(), "socket", base.resolve("run/mysqld.sock").toString(),
                "log", base.resolve("log/error.log").toString()));
    }

    @AfterEach
    void tearDown() throws Exception {
        try {
            if (executor != null && base != null && Files.exists(base.resolve("run/mysqld.pid"))) {
                run(executor, db, OperationSpec.of("stop", Duration.ofSeconds(60)));
            }
        } finally {
            if (executor != null) {
                executor.close();
            }
            if (base != null) {
                killProcessesUsing(base);
                RealSystem.deleteTree(base);
            }
        }
    }

    @Test
    void startMonitorStopMariaDb() throws Exception {
        assertEquals(OcfExitCode.OK, run(executor, db, OperationSpec.of("validate-all")).exitCode());
        assertEquals(OcfExitCode.NOT_RUNNING, run(executor, db, OperationSpec.probe(Duration.ofSeconds(20))).exitCode());
        OperationResult start = run(executor, db, OperationSpec.of("start", Duration.ofSeconds(120)));
        assertTrue(start.result().isSuccess(), start + "\n" + start.stderr() + "\n" + log());
        assertTrue(listening(), "MariaDB answers on 127.0.0.1:" + port);
        assertEquals(OcfExitCode.OK, run(executor, db, OperationSpec.monitor(Duration.ofSeconds(30), Duration.ofSeconds(30))).exitCode());
        executor.cancelAll("db1");
        OperationResult deep = run(executor, db, OperationSpec.probe(Duration.ofSeconds(30)).withCheckLevel(10));
        assertEquals(OcfExitCode.OK, deep.exitCode(), deep + "\n" + deep.stderr());
        OperationResult stop = run(executor, db, OperationSpec.of("stop", Duration.ofSeconds(120)));
        assertTrue(stop.result().isSuccess(), stop + "\n" + stop.stderr());
        assertFalse(listening());
        assertFalse(Files.exists(base.resolve("run/mysqld.pid")));
        assertEquals(OcfExitCode.NOT_RUNNING, run(executor, db, OperationSpec.probe(Duration.ofSeconds(20))).exitCode());
    }

    private boolean listening() {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private String log() {
        try {
            return Files.readString(base.resolve("log/error.log"));
        } catch (IOException e) {
            return "(no error log)";
        }
    }

    /** Kills, by pid, the processes whose command line names our private directory (mysqld_safe, mysqld). */
    private static void killProcessesUsing(Path dir) throws IOException {
        List<Long> pids = new ArrayList<>();
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            procs.filter(p -> p.getFileName().toString().matches("\\d+")).forEach(p -> {
                try {
                    String cmdline = Files.readString(p.resolve("cmdline")).replace('\0', ' ');
                    if (cmdline.contains(dir.toString())) {
                        pids.add(Long.parseLong(p.getFileName().toString()));
                    }
                } catch (IOException | RuntimeException e) {
                    // gone meanwhile
                }
            });
        }
        pids.forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
    }
}
