package io.tandem.vip.internal;

import io.tandem.vip.IpStack;
import io.tandem.vip.VirtualIpService;
import java.time.Duration;
import java.util.Optional;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.Designate;

/** The {@link VirtualIpService}: iproute2 plus resource-agents' announcers, configured by PID io.tandem.vip. */
@Component(service = VirtualIpService.class, configurationPid = "io.tandem.vip", configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = VipConfig.class)
public final class VirtualIpComponent implements VirtualIpService {
    private final CommandRunner runner;
    private final Tools tools;
    private final Duration commandTimeout;
    private final Announcers announcers = new Announcers();

    @Activate
    public VirtualIpComponent(VipConfig config) {
        this(new ProcessCommandRunner(), new Tools(Tools.resolve(config.ipCommand()), Tools.resolve(config.sendArpCommand()),
                Tools.resolve(config.sendUaCommand()), Tools.resolve(config.arpingCommand())),
                Duration.ofMillis(config.commandTimeoutMillis()));
    }

    VirtualIpComponent(CommandRunner runner, Tools tools, Duration commandTimeout) {
        if (commandTimeout.isNegative() || commandTimeout.isZero()) {
            throw new IllegalArgumentException("io.tandem.vip: commandTimeoutMillis must be positive: " + commandTimeout.toMillis());
        }
        this.runner = runner;
        this.tools = tools;
        this.commandTimeout = commandTimeout;
    }

    /** A service for code outside OSGi (tests, benchmarks, tools): Debian's program locations, 10 s per command. */
    public static VirtualIpService standalone() {
        return new VirtualIpComponent(new ProcessCommandRunner(), Tools.debian(), Duration.ofSeconds(10));
    }

    @Override
    public IpStack host() {
        return new IpRouteStack(runner, tools, Optional.empty(), commandTimeout, announcers);
    }

    @Override
    public IpStack namespace(String name) {
        return new IpRouteStack(runner, tools, Optional.of(name), commandTimeout, announcers);
    }

    int backgroundAnnouncers() {
        return announcers.size();
    }

    @Deactivate
    void deactivate() {
        announcers.stopAll();
    }
}
