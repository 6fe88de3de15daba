package io.tandem.ipc.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tandem.ipc.CrmExit;
import io.tandem.ipc.IpcMessage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Option handling and output of the tools against a scripted server: the requests each command line produces
 * and the Pacemaker 2.1 output (recorded from the real tools against a CIB file) each answer gives.
 */
class ToolsTest {
    /** Answers by verb and records every request. */
    private static final class ScriptedServer implements Connector {
        final List<IpcMessage> requests = new ArrayList<>();
        final Map<String, Function<IpcMessage, IpcMessage>> answers = new HashMap<>();

        ScriptedServer on(String verb, Function<IpcMessage, IpcMessage> answer) {
            answers.put(verb, answer);
            return this;
        }

        @Override
        public IpcMessage call(IpcMessage request) throws IOException {
            requests.add(request);
            Function<IpcMessage, IpcMessage> answer = answers.get(request.verb().orElseThrow());
            if (answer == null) {
                throw new AssertionError("unexpected request " + request);
            }
            return answer.apply(request);
        }

        IpcMessage last() {
            return requests.get(requests.size() - 1);
        }
    }

    private record Result(int exit, String out, String err) {
    }

    private static Result run(Connector connector, Map<String, String> env, String tool, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = Tools.run(tool, List.of(args), new ToolContext(env, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), connector));
        return new Result(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static Result run(Connector connector, String tool, String... args) {
        return run(connector, Map.of(), tool, args);
    }

    private static final Connector DOWN = request -> {
        throw new java.net.ConnectException("Connection refused");
    };

    @Test
    void crmAttributeQueryPrintsPacemakersScopeLine() {
        ScriptedServer server = new ScriptedServer().on("attr.get", r -> IpcMessage.okBuilder().put("value", "office").put("node", "node1").build());
        Result r = run(server, "crm_attribute", "-N", "node1", "-n", "location", "-G");
        assertEquals(new Result(0, "scope=nodes  name=location value=office\n", ""), r);
        assertEquals("nodes", server.last().get("scope").orElseThrow());
        assertEquals("node1", server.last().get("node").orElseThrow());

        assertEquals(new Result(0, "office\n", ""), run(server, "crm_attribute", "-N", "node1", "-n", "location", "-G", "-q"));
        assertEquals(new Result(0, "office\n", ""), run(server, "crm_attribute", "--node=node1", "--name", "location", "--query", "-Q"));
        assertEquals("scope=status  name=location value=office\n",
                run(server, "crm_attribute", "-N", "node1", "-l", "reboot", "-n", "location", "-G").out());
        assertEquals("status", server.last().get("scope").orElseThrow());
        assertEquals("scope=nodes id=x1 name=location value=office\n",
                run(server, "crm_attribute", "-N", "node1", "-n", "location", "-G", "-i", "x1").out());
    }

    @Test
    void crmAttributeMissingAttributeIs105UnlessADefaultIsGiven() {
        ScriptedServer server = new ScriptedServer().on("attr.get", r -> IpcMessage.error(CrmExit.NOSUCH, "No such device or address"));
        assertEquals(new Result(105, "", "crm_attribute: Error performing operation: No such device or address\n"),
                run(server, "crm_attribute", "-N", "node1", "-n", "nope", "-G"));
        assertEquals(105, run(server, "crm_attribute", "-N", "node1", "-n", "nope", "-G", "-q").exit());
        assertEquals(new Result(0, "scope=nodes  name=nope value=dflt\n", ""),
                run(server, "crm_attribute", "-N", "node1", "-n", "nope", "-G", "-d", "dflt"));
        assertEquals(new Result(0, "dflt\n", ""), run(server, "crm_attribute", "-N", "node1", "-n", "nope", "-G", "-q", "-d", "dflt"));
    }

    @Test
    void crmAttributeWithoutNodeOrLifetimeIsAClusterOption() {
        ScriptedServer server = new ScriptedServer()
                .on("option.get", r -> IpcMessage.okBuilder().put("value", "60s").build())
                .on("option.set", r -> IpcMessage.ok())
                .on("option.delete", r -> IpcMessage.okBuilder().put("existed", "true").build());
        assertEquals(new Result(0, "scope=crm_config  name=cluster-delay value=60s\n", ""), run(server, "crm_attribute", "-n", "cluster-delay", "-G"));
        assertEquals(new Result(0, "", ""), run(server, "crm_attribute", "--type", "crm_config", "--name", "R_REPL_INFO", "-s", "mysql_replication", "-v", "a|b|3"));
        assertEquals("a|b|3", server.last().get("value").orElseThrow());
        assertEquals(new Result(0, "Deleted crm_config option: id=cib-bootstrap-options-cluster-delay name=cluster-delay\n", ""),
                run(server, "crm_attribute", "-n", "cluster-delay", "-D"));
        assertEquals(new Result(0, "", ""), run(server, "crm_attribute", "-n", "cluster-delay", "-D", "-q"));
    }

    @Test
    void crmAttributeUpdateAndDeleteOfNodeAttributes() {
        ScriptedServer server = new ScriptedServer()
                .on("attr.set", r -> IpcMessage.ok())
                .on("attr.delete", r -> IpcMessage.okBuilder().put("existed", "true").put("node", "node1").build());
        assertEquals(new Result(0, "", ""), run(server, "crm_attribute", "-N", "node1", "-n", "location", "-v", "home"));
        assertEquals("home", server.last().get("value").orElseThrow());
        assertEquals("nodes", server.last().get("scope").orElseThrow());
        // the last command wins, as in Pacemaker: -G then -v updates
        assertEquals(0, run(server, "crm_attribute", "-N", "node1", "-n", "location", "-G", "-v", "3").exit());
        assertEquals("3", server.last().get("value").orElseThrow());
        assertEquals(new Result(0, "Deleted nodes attribute: id=nodes-node1-location name=location\n", ""),
                run(server, "crm_attribute", "-N", "node1", "-n", "location", "-D"));
        // transient deletions go through attrd in Pacemaker and print nothing
        assertEquals(new Result(0, "", ""), run(server, "crm_attribute", "-N", "node1", "-l", "reboot", "-n", "location", "-D"));
        assertEquals(64, run(server, "crm_attribute", "-N", "node1", "-D").exit());
    }

    @Test
    void promotionScoresAreNamedAfterTheAgentsResource() {
        ScriptedServer server = new ScriptedServer().on("attr.set", r -> IpcMessage.ok())
                .on("attr.get", r -> IpcMessage.okBuilder().put("value", "10").build());
        Map<String, String> agent = Map.of("OCF_RESOURCE_INSTANCE", "stateful1", "OCF_RESKEY_CRM_meta_on_node", "node2");
        assertEquals(0, run(server, agent, "crm_attribute", "--promotion", "-v", "10").exit());
        IpcMessage set = server.last();
        assertEquals("master-stateful1", set.get("name").orElseThrow());
        assertEquals("status", set.get("scope").orElseThrow());
        assertEquals("node2", set.get("node").orElseThrow());
        assertEquals("10", set.get("value").orElseThrow());
        // the instance name is passed unchanged, as Pacemaker 2.1 does (the scheduler strips ":N" when it looks up)
        run(server, Map.of("OCF_RESOURCE_INSTANCE", "db:1"), "crm_attribute", "-p", "-G");
        assertEquals("master-db:1", server.last().get("name").orElseThrow());
        assertEquals("scope=status  name=master-p1 value=10\n", run(server, "crm_attribute", "-N", "node1", "--promotion=p1", "-G").out());
        assertEquals(new Result(64, "", "crm_attribute: -p/--promotion must be called from an OCF resource agent or with a resource ID specified\n"),
                run(server, "crm_attribute", "-p", "-G"));
    }

    @Test
    void crmAttributeErrorsMatchPacemaker() {
        ScriptedServer server = new ScriptedServer();
        assertEquals(new Result(76, "", "crm_attribute: Error performing operation: No message of desired type\n"),
                run(server, "crm_attribute", "-N", "node1", "-n", "x", "-l", "bogus", "-G"));
        assertEquals(new Result(64, "", "crm_attribute: Missing argument for -v\n"), run(server, "crm_attribute", "-N", "node1", "-n", "x", "-v"));
        assertEquals(3, run(server, "crm_attribute", "-t", "rsc_defaults", "-n", "resource-stickiness", "-G").exit());
        assertEquals(new Result(102, "", "crm_attribute: Could not connect to the CIB: Transport endpoint is not connected\n"),
                run(DOWN, "crm_attribute", "-n", "x", "-G"));
        assertTrue(server.requests.isEmpty());
        Connector refusing = request -> IpcMessage.error(CrmExit.INSUFFICIENT_PRIV, "permission denied: uid 1000 (alice)");
        assertEquals(new Result(4, "", "crm_attribute: Could not connect to the CIB: permission denied: uid 1000 (alice)\n"),
                run(refusing, "crm_attribute", "-N", "n1", "-n", "x", "-G"));
    }

    @Test
    void crmMasterForwardsToCrmAttributeWithTheResourcesScore() {
        ScriptedServer server = new ScriptedServer().on("attr.set", r -> IpcMessage.ok()).on("attr.delete", r -> IpcMessage.okBuilder().put("existed", "true").put("node", "n1").build());
        Map<String, String> agent = Map.of("OCF_RESOURCE_INSTANCE", "ms1");
        assertEquals(new Result(0, "", ""), run(server, agent, "crm_master", "-l", "reboot", "-v", "5"));
        assertEquals("master-ms1", server.last().get("name").orElseThrow());
        assertEquals("status", server.last().get("scope").orElseThrow());
        run(server, agent, "crm_master", "-v", "5");
        assertEquals("nodes", server.last().get("scope").orElseThrow(), "crm_master's own default lifetime is forever");
        run(server, agent, "crm_master", "-r", "other", "-D", "-l", "reboot");
        assertEquals("attr.delete", server.last().verb().orElseThrow());
        assertEquals("master-other", server.last().get("name").orElseThrow());

        Result noResource = run(server, "crm_master", "-v", "5");
        assertEquals(1, noResource.exit());
        assertEquals("error: No resource specified\n", noResource.err());
        assertTrue(noResource.out().contains("Usage: crm_master <command> [<options>]"));
        assertEquals("crm_master: invalid option -- 'x'\n", run(server, agent, "crm_master", "-x").err());
    }

    @Test
    void crmNodeAnswersFromTheAgentEnvironmentOrTheServer() {
        ScriptedServer server = new ScriptedServer()
                .on("node.name", r -> IpcMessage.okBuilder().put("name", "alpha").build())
                .on("node.list", r -> IpcMessage.okBuilder().put("node", "1 alpha member").put("node", "2 beta lost").build())
                .on("node.partition", r -> IpcMessage.okBuilder().put("member", "alpha").build())
                .on("node.quorum", r -> IpcMessage.okBuilder().put("quorate", "false").build())
                .on("node.name-for-id", r -> IpcMessage.error(CrmExit.NOHOST, "Node is not known to cluster"));
        assertEquals(new Result(0, "foo\n", ""), run(DOWN, Map.of("OCF_RESKEY_CRM_meta_on_node", "foo"), "crm_node", "-n"));
        assertEquals(new Result(0, "alpha\n", ""), run(server, "crm_node", "--name"));
        assertEquals(new Result(0, "1 alpha member\n2 beta lost\n", ""), run(server, "crm_node", "-l"));
        assertEquals(new Result(0, "alpha \n", ""), run(server, "crm_node", "-p"));
        assertEquals(new Result(106, "0\n", ""), run(server, "crm_node", "-q"));
        assertEquals(new Result(68, "", "Node is not known to cluster\n"), run(server, "crm_node", "-N", "7"));
        assertEquals(new Result(102, "", "error: Could not connect to controller: Connection refused\n"), run(DOWN, "crm_node", "-n"));
        assertEquals(64, run(server, "crm_node").exit());
    }

    @Test
    void attrdUpdaterQueriesAndUpdates() {
        ScriptedServer server = new ScriptedServer()
                .on("attrd.update", r -> IpcMessage.ok())
                .on("attrd.query", r -> r.get("name").orElseThrow().equals("pingd")
                        ? IpcMessage.okBuilder().put("host", "node1").put("value", "100").put("host", "node2").put("value", "").build()
                        : IpcMessage.error(CrmExit.NOSUCH, "attribute does not exist"));
        assertEquals(new Result(0, "name=\"pingd\" host=\"node1\" value=\"100\"\nname=\"pingd\" host=\"node2\" value=\"\"\n", ""),
                run(server, "attrd_updater", "-n", "pingd", "-Q", "-A"));
        assertEquals("true", server.last().get("all").orElseThrow());
        assertEquals(new Result(105, "", "Could not query value of nope: attribute does not exist\n"), run(server, "attrd_updater", "-n", "nope", "-Q"));

        assertEquals(0, run(server, Map.of("OCF_RESKEY_CRM_meta_on_node", "node1"), "attrd_updater", "-n", "pingd", "-B", "100", "-d", "5s").exit());
        IpcMessage update = server.last();
        assertEquals("B", update.get("command").orElseThrow());
        assertEquals("100", update.get("value").orElseThrow());
        assertEquals("5000", update.get("delayMillis").orElseThrow());
        assertEquals("node1", update.get("node").orElseThrow());
        run(server, "attrd_updater", "-D", "-n", "pingd", "-d", "5s");
        assertEquals("D", server.last().get("command").orElseThrow());
        run(server, "attrd_updater", "-n", "x", "-v", "1");
        assertEquals("U", server.last().get("command").orElseThrow());

        assertEquals(new Result(64, "", "attrd_updater: Command requires --name argument\n"), run(server, "attrd_updater", "-Q"));
        assertEquals(64, run(server, "attrd_updater", "-n", "x", "-Y").exit());
        assertEquals(64, run(server, "attrd_updater", "-n", "x", "-U", "1", "-d", "soon").exit());
        assertEquals(new Result(102, "", "attrd_updater: Could not update x=5: Connection refused (111)\n"), run(DOWN, "attrd_updater", "-n", "x", "-U", "5"));
        assertEquals(new Result(102, "", "attrd_updater: Could not connect to attrd: Connection refused\n"), run(DOWN, "attrd_updater", "-n", "x", "-Q"));
    }
}
