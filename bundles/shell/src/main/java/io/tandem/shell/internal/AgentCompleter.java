package io.tandem.shell.internal;

import io.tandem.executor.AgentId;
import io.tandem.executor.AgentRegistry;
import io.tandem.executor.Executor;
import java.util.List;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;

/** Completes agent names (CLASS:PROVIDER:TYPE) from the live agent registry. */
@Service
public final class AgentCompleter implements Completer {
    @Reference(optional = true)
    Executor executor;

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        StringsCompleter strings = new StringsCompleter();
        if (executor != null) {
            AgentRegistry r = executor.agents();
            for (String c : r.classes()) {
                for (AgentId id : r.agents(c, null)) {
                    strings.getStrings().add(id.toString());
                }
            }
        }
        return strings.complete(session, commandLine, candidates);
    }
}
