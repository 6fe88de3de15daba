package io.tandem.shell.internal;

import io.tandem.executor.AgentId;
import io.tandem.executor.AgentRegistry;
import io.tandem.executor.Executor;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Command(scope = "ha", name = "ra-classes", description = "Lists the resource agent classes and OCF providers on this node.",
        detailedDescription = """
                Prints one agent class per line, as crm ra classes does: ocf with its providers (directories under \
                the OCF agent path, and providers of Java agents), lsb when init scripts exist, systemd when systemd \
                runs. Java agents appear under the class their service declares (tandem.agent.class).""")
@Service
public final class RaClassesCommand implements Action {
    @Reference(optional = true)
    Executor executor;

    @Override
    public Object execute() {
        if (executor == null) {
            System.out.print(RaText.NO_EXECUTOR);
            return null;
        }
        AgentRegistry r = executor.agents();
        System.out.print(RaText.classes(r.classes(), r.providers(AgentId.OCF)));
        return null;
    }
}
