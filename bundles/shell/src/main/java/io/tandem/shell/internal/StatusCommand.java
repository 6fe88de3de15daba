package io.tandem.shell.internal;

import io.tandem.membership.Membership;
import io.tandem.messaging.ClusterMessenger;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.osgi.service.component.runtime.ServiceComponentRuntime;

/**
 * What the status commands share: the live services, all optional so that the commands stay available on a
 * node that is not configured (or whose components refused to start) and can say why.
 */
abstract class StatusCommand implements Action {
    @Reference(optional = true)
    Membership membership;

    @Reference(optional = true)
    ClusterMessenger messenger;

    @Reference(optional = true)
    ServiceComponentRuntime scr;

    @Override
    public final Object execute() {
        System.out.print(output());
        return null;
    }

    /** The command's text, or why there is nothing to show. */
    abstract String output();
}
