package io.tandem.agent.virtualip.internal;

import io.tandem.common.ActionResult;
import io.tandem.common.OcfExitCode;
import io.tandem.executor.spi.AgentRequest;
import io.tandem.executor.spi.AgentResources;
import io.tandem.executor.spi.ResourceAgent;
import io.tandem.vip.AddressState;
import io.tandem.vip.Announcement;
import io.tandem.vip.InterfaceMatch;
import io.tandem.vip.IpStack;
import io.tandem.vip.VipException;
import io.tandem.vip.VirtualAddress;
import io.tandem.vip.VirtualIpService;
import java.util.Objects;
import java.util.Optional;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code ocf:tandem:VirtualIP}: IPaddr2's parameters and exit codes on top of the vip bundle. The interface is
 * looked up on every action, as IPaddr2 runs findif every time, so a renamed or re-addressed interface is seen.
 */
@Component(service = ResourceAgent.class,
        property = {ResourceAgent.CLASS + "=ocf", ResourceAgent.PROVIDER + "=tandem", ResourceAgent.TYPE + "=VirtualIP"})
public final class VirtualIpAgent implements ResourceAgent {
    private static final Logger LOG = LoggerFactory.getLogger(VirtualIpAgent.class);

    private final VirtualIpService vips;
    private final String metaData;

    @Activate
    public VirtualIpAgent(@Reference VirtualIpService vips) {
        this.vips = Objects.requireNonNull(vips, "vips");
        this.metaData = AgentResources.text(VirtualIpAgent.class, "VirtualIP.xml");
    }

    @Override
    public String metaData() {
        return metaData;
    }

    @Override
    public ActionResult execute(AgentRequest request) throws InterruptedException {
        VipParameters params;
        try {
            params = VipParameters.parse(request.parameters());
        } catch (IllegalArgumentException e) {
            return ActionResult.done(OcfExitCode.ERR_CONFIGURED, e.getMessage());
        }
        IpStack stack;
        try {
            stack = params.namespace().map(vips::namespace).orElseGet(vips::host);
        } catch (IllegalArgumentException e) {
            return ActionResult.done(OcfExitCode.ERR_CONFIGURED, e.getMessage());
        }
        String action = request.action();
        VirtualAddress address;
        try {
            InterfaceMatch match = stack.findInterface(params.ip(), params.prefixLength(), params.nic());
            address = params.address(match.device(), match.prefixLength(), match.broadcast());
        } catch (IllegalArgumentException e) {
            return ActionResult.done(OcfExitCode.ERR_CONFIGURED, e.getMessage());
        } catch (VipException e) {
            if (e.kind() != VipException.Kind.NO_INTERFACE) {
                return failure(e);
            }
            if (!action.equals("stop") && !action.equals("monitor")) {
                return ActionResult.done(OcfExitCode.ERR_CONFIGURED, "[findif] failed: " + e.getMessage());
            }
            // a down link takes its connected route along: look for the address itself, as IPaddr2's monitor does
            Optional<InterfaceMatch> where;
            try {
                where = stack.locate(params.ip());
            } catch (VipException located) {
                if (located.kind() != VipException.Kind.NO_INTERFACE) {
                    return failure(located);
                }
                where = Optional.empty(); // e.g. the namespace is gone: nothing can be there

            }
            if (where.isEmpty() || params.nic().isPresent() && !params.nic().get().equals(where.get().device())) {
                return action.equals("stop") ? ActionResult.ok() : ActionResult.done(OcfExitCode.NOT_RUNNING, "");
            }
            address = params.address(where.get().device(), where.get().prefixLength(), where.get().broadcast());
        }
        try {
            switch (action) {
                case "start":
                    return start(stack, address, params);
                case "stop":
                    if (stack.remove(address)) {
                        LOG.info("IP status = ok, {} removed from {}", address.cidr(), address.device());
                    } else {
                        LOG.info("{} was not on {}: nothing to remove", address.cidr(), address.device());
                    }
                    return ActionResult.ok();
                case "monitor":
                    return monitor(stack, address, params);
                case "validate-all":
                    return ActionResult.ok();
                default:
                    return ActionResult.done(OcfExitCode.ERR_UNIMPLEMENTED, "VirtualIP does not implement action '" + action + "'");
            }
        } catch (VipException e) {
            return failure(e);
        }
    }

    private ActionResult start(IpStack stack, VirtualAddress address, VipParameters params) throws VipException, InterruptedException {
        if (stack.state(address) == AddressState.ACTIVE) {
            return ActionResult.ok();
        }
        LOG.info("Adding {} address {} to device {}", address.isIpv6() ? "inet6" : "inet", address.cidr(), address.device());
        stack.add(address);
        stack.announce(address, params.startAnnouncement());
        return ActionResult.ok();
    }

    private ActionResult monitor(IpStack stack, VirtualAddress address, VipParameters params) throws VipException, InterruptedException {
        AddressState state = stack.state(address);
        switch (state) {
            case ACTIVE:
                if (params.arpCountRefresh() > 0 && !address.isIpv6()) {
                    stack.announce(address, new Announcement(params.arpCountRefresh(), params.arpInterval(), params.sender(), true));
                }
                return ActionResult.ok();
            case LINK_DOWN:
                return ActionResult.done(OcfExitCode.ERR_GENERIC, address.cidr() + " is on " + address.device()
                        + " but its link is down (no UP or no carrier)");
            default:
                return ActionResult.done(OcfExitCode.NOT_RUNNING, "");
        }
    }

    private static ActionResult failure(VipException e) {
        OcfExitCode code = switch (e.kind()) {
            case NOT_INSTALLED -> OcfExitCode.ERR_INSTALLED;
            case NO_INTERFACE -> OcfExitCode.ERR_CONFIGURED;
            case COMMAND_FAILED -> OcfExitCode.ERR_GENERIC;
        };
        return ActionResult.done(code, e.getMessage());
    }

}
