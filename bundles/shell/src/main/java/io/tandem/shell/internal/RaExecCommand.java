package io.tandem.shell.internal;

import io.tandem.executor.AgentId;
import io.tandem.executor.Executor;
import io.tandem.executor.OperationResult;
import io.tandem.executor.OperationSpec;
import io.tandem.executor.ResourceSpec;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Command(scope = "ha", name = "ra-exec", description = "Runs one action of a resource agent by hand, through the executor.",
        detailedDescription = """
                Runs ACTION (start, stop, monitor, meta-data, validate-all, ...) of AGENT with the instance parameters \
                given as name=value, exactly as the cluster would run it (same environment, own process group, \
                timeout), and prints the OCF exit code, the execution status, the exit reason, the duration and \
                what the agent wrote on stdout and stderr.

                A monitor is run as a probe (no interval). The action is queued behind other actions of the same \
                resource id (--resource, default ra-exec-TYPE); a stop uses the parameters of that resource's last \
                start if there was one. Do not use the id of a resource the cluster manages unless you mean to.

                Example: ha:ra-exec ocf:heartbeat:Dummy start state=/tmp/d.state""")
@Service
public final class RaExecCommand implements Action {
    @Reference(optional = true)
    Executor executor;

    @Argument(index = 0, name = "agent", description = "CLASS:PROVIDER:TYPE or CLASS:TYPE", required = true)
    @Completion(AgentCompleter.class)
    String agent;

    @Argument(index = 1, name = "action", description = "start, stop, monitor, meta-data, validate-all, ...", required = true)
    String action;

    @Argument(index = 2, name = "parameters", description = "instance parameters as name=value", multiValued = true)
    List<String> parameters;

    @Option(name = "--timeout", aliases = "-t", description = "timeout (20s, 90s, 2min; plain numbers are seconds; default: the executor's)")
    String timeout;

    @Option(name = "--resource", aliases = "-r", description = "resource id the agent sees as OCF_RESOURCE_INSTANCE")
    String resourceId;

    @Option(name = "--check-level", aliases = "-l", description = "OCF_CHECK_LEVEL for monitor and validate-all (0, 10, 20)")
    int checkLevel;

    @Option(name = "--meta", aliases = "-m", description = "meta attribute name=value, agents see OCF_RESKEY_CRM_meta_<name>", multiValued = true)
    List<String> meta;

    @Override
    public Object execute() throws Exception {
        if (executor == null) {
            System.out.print(RaText.NO_EXECUTOR);
            return null;
        }
        AgentId id = AgentId.parse(agent);
        Map<String, String> params = pairs(parameters, "parameter");
        Duration t = timeout == null ? OperationSpec.DEFAULT_TIMEOUT : RaText.duration(timeout);
        OperationSpec op = OperationSpec.of(action, t).withCheckLevel(checkLevel).withMeta(pairs(meta, "meta attribute"));
        String rid = resourceId == null || resourceId.isBlank() ? "ra-exec-" + id.type() : resourceId;
        OperationResult r = executor.execute(new ResourceSpec(rid, id, params), op).toCompletableFuture()
                .get(t.toMillis() + 30_000, TimeUnit.MILLISECONDS);
        System.out.print(RaText.execResult(r));
        return null;
    }

    static Map<String, String> pairs(List<String> words, String what) {
        Map<String, String> out = new LinkedHashMap<>();
        if (words != null) {
            for (String w : words) {
                int eq = w.indexOf('=');
                if (eq <= 0) {
                    throw new IllegalArgumentException(what + " '" + w + "' is not name=value");
                }
                out.put(w.substring(0, eq), w.substring(eq + 1));
            }
        }
        return out;
    }
}
