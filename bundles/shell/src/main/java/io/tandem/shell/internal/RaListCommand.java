package io.tandem.shell.internal;

import io.tandem.executor.AgentId;
import io.tandem.executor.AgentRegistry;
import io.tandem.executor.Executor;
import java.util.ArrayList;
import java.util.List;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Command(scope = "ha", name = "ra-list", description = "Lists resource agents, all or of one class or provider.",
        detailedDescription = """
                Without argument prints every agent as CLASS:PROVIDER:TYPE, one per line. With CLASS (ocf, lsb, \
                systemd) or CLASS:PROVIDER (ocf:heartbeat, ocf:tandem) prints the agent types of that class or \
                provider in columns, as crm ra list does. Java agents deployed as bundles appear as soon as their \
                service is registered.""")
@Service
public final class RaListCommand implements Action {
    @Reference(optional = true)
    Executor executor;

    @Argument(index = 0, name = "class", description = "CLASS or CLASS:PROVIDER, e.g. ocf:heartbeat")
    String filter;

    @Override
    public Object execute() {
        if (executor == null) {
            System.out.print(RaText.NO_EXECUTOR);
            return null;
        }
        AgentRegistry r = executor.agents();
        if (filter == null || filter.isBlank()) {
            StringBuilder sb = new StringBuilder();
            for (String c : r.classes()) {
                for (AgentId id : r.agents(c, null)) {
                    sb.append(id).append('\n');
                }
            }
            System.out.print(sb);
            return null;
        }
        String[] parts = filter.trim().split(":", 2);
        String provider = parts.length > 1 ? parts[1] : null;
        if (!r.classes().contains(parts[0])) {
            System.out.println("no agents of class " + parts[0] + " (classes: " + String.join(", ", r.classes()) + ")");
            return null;
        }
        List<String> names = new ArrayList<>();
        for (AgentId id : r.agents(parts[0], provider)) {
            names.add(provider == null && id.hasProvider() ? id.provider() + ":" + id.type() : id.type());
        }
        System.out.print(RaText.columns(names));
        return null;
    }
}
