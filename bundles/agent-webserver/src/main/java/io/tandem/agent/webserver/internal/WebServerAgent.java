package io.tandem.agent.webserver.internal;

import io.tandem.common.ActionResult;
import io.tandem.common.OcfExitCode;
import io.tandem.executor.spi.AgentRequest;
import io.tandem.executor.spi.AgentResources;
import io.tandem.executor.spi.ResourceAgent;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code ocf:tandem:WebServer}: one {@link TinyHttpServer} per resource, inside this bundle. Removing the bundle
 * stops the servers, so after a redeploy monitor reports them stopped and the cluster starts them again.
 */
@Component(service = ResourceAgent.class,
        property = {ResourceAgent.CLASS + "=ocf", ResourceAgent.PROVIDER + "=tandem", ResourceAgent.TYPE + "=WebServer"})
public final class WebServerAgent implements ResourceAgent {
    private static final Logger LOG = LoggerFactory.getLogger(WebServerAgent.class);

    private record Running(InetSocketAddress address, TinyHttpServer server) {}

    private record Settings(InetAddress ip, int port, String content) {}

    private final Map<String, Running> servers = new ConcurrentHashMap<>();
    private final Supplier<String> hostName;
    private final String metaData;

    @Activate
    public WebServerAgent() {
        this(AgentResources::hostName);
    }

    WebServerAgent(Supplier<String> hostName) {
        this.hostName = hostName;
        this.metaData = AgentResources.text(WebServerAgent.class, "WebServer.xml");
    }

    @Override
    public String metaData() {
        return metaData;
    }

    @Override
    public ActionResult execute(AgentRequest request) throws InterruptedException {
        Settings s;
        try {
            s = settings(request);
        } catch (IllegalArgumentException e) {
            return ActionResult.done(OcfExitCode.ERR_CONFIGURED, e.getMessage());
        }
        return switch (request.action()) {
            case "start" -> start(request.resourceId(), s);
            case "stop" -> stop(request.resourceId());
            case "monitor" -> monitor(request, s);
            case "validate-all" -> ActionResult.ok();
            default -> ActionResult.done(OcfExitCode.ERR_UNIMPLEMENTED, "WebServer does not implement action '" + request.action() + "'");
        };
    }

    private synchronized ActionResult start(String resource, Settings s) {
        InetSocketAddress address = new InetSocketAddress(s.ip(), s.port());
        Running running = servers.get(resource);
        if (running != null) {
            if (running.address().equals(address)) {
                return ActionResult.ok();
            }
            running.server().close(); // started again with other parameters: the new ones win
            servers.remove(resource);
        }
        try {
            servers.put(resource, new Running(address, new TinyHttpServer(address, s.content())));
            LOG.info("{}: serving on {}:{}", resource, s.ip().getHostAddress(), s.port());
            return ActionResult.ok();
        } catch (IOException e) {
            return ActionResult.done(OcfExitCode.ERR_GENERIC, "cannot listen on " + s.ip().getHostAddress() + ":" + s.port() + ": " + e.getMessage());
        }
    }

    private synchronized ActionResult stop(String resource) {
        Running running = servers.remove(resource);
        if (running != null) {
            running.server().close();
        }
        return ActionResult.ok();
    }

    private ActionResult monitor(AgentRequest request, Settings s) {
        Running running = servers.get(request.resourceId());
        if (running == null) {
            return ActionResult.done(OcfExitCode.NOT_RUNNING, "");
        }
        InetAddress target = s.ip().isAnyLocalAddress() ? InetAddress.getLoopbackAddress() : s.ip();
        Duration timeout = request.timeout().compareTo(Duration.ofSeconds(5)) < 0 ? request.timeout() : Duration.ofSeconds(5);
        try {
            HttpProbe.Response r = HttpProbe.get(target, running.server().port(), "/health", timeout);
            if (r.status() != 200) {
                return ActionResult.done(OcfExitCode.ERR_GENERIC, "GET /health answered " + r.status());
            }
            return ActionResult.ok();
        } catch (IOException e) {
            return ActionResult.done(OcfExitCode.ERR_GENERIC, "GET http://" + target.getHostAddress() + ":" + running.server().port()
                    + "/health failed: " + e.getMessage());
        }
    }

    private Settings settings(AgentRequest request) {
        String ipText = request.parameter("ip", "0.0.0.0").trim();
        boolean v4 = ipText.matches("(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])(\\.(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])){3}");
        if (!v4 && !ipText.matches("[0-9a-fA-F:.]*:[0-9a-fA-F:.]*")) { // anything else would become a DNS lookup
            throw new IllegalArgumentException("ip: '" + ipText + "' is not an IPv4 or IPv6 address");
        }
        InetAddress ip;
        try {
            ip = InetAddress.getByName(ipText); // a literal: no lookup
        } catch (IOException e) {
            throw new IllegalArgumentException("ip: '" + ipText + "' is not an IPv4 or IPv6 address");
        }
        String portText = request.parameter("port", "8080").trim();
        int port;
        try {
            port = Integer.parseInt(portText);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("port: '" + portText + "' is not a number");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port: must be 1..65535, not " + port);
        }
        String content = request.parameter("content", request.meta().getOrDefault("on_node", hostName.get()));
        return new Settings(ip, port, content);
    }

    @Deactivate
    synchronized void deactivate() {
        servers.values().forEach(r -> r.server().close());
        servers.clear();
    }


}
