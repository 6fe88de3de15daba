package io.tandem.attributes.internal;

import io.tandem.attributes.AttributeLifetime;
import io.tandem.ipc.CrmExit;
import io.tandem.ipc.IpcMessage;
import io.tandem.ipc.Verbs;
import io.tandem.ipc.spi.IpcHandler;
import io.tandem.ipc.spi.IpcRequest;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The attribute verbs of the local socket API (see {@link Verbs}): what crm_attribute, crm_master,
 * attrd_updater and crm_node -n ask for. Lives with the store, so the socket bundle knows nothing of attributes.
 */
final class AttributeVerbs implements IpcHandler {
    static final String[] VERBS = {Verbs.ATTR_GET, Verbs.ATTR_SET, Verbs.ATTR_DELETE, Verbs.OPTION_GET, Verbs.OPTION_SET,
        Verbs.OPTION_DELETE, Verbs.ATTRD_UPDATE, Verbs.ATTRD_QUERY, Verbs.ATTRD_REFRESH, Verbs.NODE_NAME};

    private static final Logger LOG = LoggerFactory.getLogger(AttributeVerbs.class);
    private static final IpcMessage NO_SUCH = IpcMessage.error(CrmExit.NOSUCH, "No such device or address");

    private final AttributeStore store;

    AttributeVerbs(AttributeStore store) {
        this.store = store;
    }

    @Override
    public IpcMessage handle(IpcRequest request) {
        IpcMessage m = request.message();
        switch (request.verb()) {
            case Verbs.ATTR_GET: {
                String node = store.node(m.get("node").orElse(null));
                Optional<String> value = store.get(node, m.require("name"), lifetime(m));
                return value.map(v -> IpcMessage.okBuilder().put("value", v).put("node", node).build()).orElse(NO_SUCH);
            }
            case Verbs.ATTR_SET: {
                String node = store.node(m.get("node").orElse(null));
                store.set(node, m.require("name"), m.require("value"), lifetime(m), Duration.ZERO);
                log(request, "set " + m.require("name") + "=" + m.require("value") + " on " + node);
                return IpcMessage.ok();
            }
            case Verbs.ATTR_DELETE: {
                String node = store.node(m.get("node").orElse(null));
                boolean existed = store.remove(node, m.require("name"), lifetime(m));
                log(request, "deleted " + m.require("name") + " on " + node);
                return IpcMessage.okBuilder().put("existed", Boolean.toString(existed)).put("node", node).build();
            }
            case Verbs.OPTION_GET:
                return store.option(m.require("name")).map(v -> IpcMessage.okBuilder().put("value", v).build()).orElse(NO_SUCH);
            case Verbs.OPTION_SET:
                store.setOption(m.require("name"), m.require("value"));
                log(request, "set cluster option " + m.require("name") + "=" + m.require("value"));
                return IpcMessage.ok();
            case Verbs.OPTION_DELETE:
                return IpcMessage.okBuilder().put("existed", Boolean.toString(store.deleteOption(m.require("name")))).build();
            case Verbs.ATTRD_UPDATE:
                return attrdUpdate(request);
            case Verbs.ATTRD_QUERY:
                return attrdQuery(m);
            case Verbs.ATTRD_REFRESH:
                return IpcMessage.ok(); // nothing is written to a CIB yet, so there is nothing to re-send
            case Verbs.NODE_NAME:
                return IpcMessage.okBuilder().put("name", store.localNode()).build();
            default:
                return IpcMessage.error(CrmExit.UNIMPLEMENT_FEATURE, "unknown verb '" + request.verb() + "'");
        }
    }

    private static AttributeLifetime lifetime(IpcMessage m) {
        return switch (m.get("scope").orElse("status")) {
            case "status", "reboot" -> AttributeLifetime.REBOOT;
            case "nodes", "forever" -> AttributeLifetime.FOREVER;
            default -> throw new IllegalArgumentException("scope '" + m.get("scope").orElse("") + "' is not status or nodes");
        };
    }

    /** pacemaker-attrd: -U uses the attribute's dampening (a -d given on creation sets it), -B sets both, -Y the delay. */
    private IpcMessage attrdUpdate(IpcRequest request) {
        IpcMessage m = request.message();
        String name = m.require("name");
        String node = store.node(m.get("node").orElse(null));
        Duration given = m.get("delayMillis").map(d -> Duration.ofMillis(Long.parseLong(d))).orElse(null);
        String command = m.require("command");
        switch (command) {
            case "U":
                if (given != null && !store.attrdKnows(name)) {
                    store.setAttrdDelay(name, given);
                }
                store.set(node, name, m.require("value"), AttributeLifetime.REBOOT, store.attrdDelay(name).orElse(Duration.ZERO));
                break;
            case "B":
                store.setAttrdDelay(name, requireDelay(given, command));
                store.set(node, name, m.require("value"), AttributeLifetime.REBOOT, given);
                break;
            case "Y":
                store.setAttrdDelay(name, requireDelay(given, command));
                break;
            case "D":
                store.remove(node, name, AttributeLifetime.REBOOT);
                break;
            default:
                throw new IllegalArgumentException("unknown attrd command '" + command + "'");
        }
        log(request, "attrd " + command + " " + name + m.get("value").map(v -> "=" + v).orElse("") + " on " + node);
        return IpcMessage.ok();
    }

    private static Duration requireDelay(Duration given, String command) {
        if (given == null) {
            throw new IllegalArgumentException("-" + command + " requires -d/--delay");
        }
        return given;
    }

    private IpcMessage attrdQuery(IpcMessage m) {
        String name = m.require("name");
        Map<String, String> values;
        if (m.flag("all")) {
            values = store.latestOnAllNodes(name, AttributeLifetime.REBOOT);
        } else {
            String node = store.node(m.get("node").orElse(null));
            values = store.latest(node, name, AttributeLifetime.REBOOT).map(v -> Map.of(node, v)).orElse(Map.of());
        }
        if (values.isEmpty()) {
            return IpcMessage.error(CrmExit.NOSUCH, "attribute does not exist");
        }
        IpcMessage.Builder answer = IpcMessage.okBuilder();
        values.forEach((host, value) -> answer.put("host", host).put("value", value));
        return answer.build();
    }

    private static void log(IpcRequest request, String what) {
        LOG.debug("{} (pid {} uid {})", what, request.peer().pid(), request.peer().uid());
    }
}
