package io.tandem.cib.internal;

import io.tandem.cib.Cib;
import io.tandem.cib.CibEvent;
import io.tandem.cib.CibListener;
import io.tandem.cib.CibParseException;
import io.tandem.cib.CibPatch;
import io.tandem.cib.CibPatchException;
import io.tandem.cib.CibStore;
import io.tandem.cib.CibUpdate;
import io.tandem.cib.CibUpdateException;
import io.tandem.common.EventLoop;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The CIB store of a node as a service: a {@link CibStoreEngine} on the directory from PID {@code io.tandem.cib},
 * with its own event loop for the delayed status writes. Every {@link CibListener} service hears of changes.
 * Activation fails, naming file, line and element, when the directory holds a CIB but no valid one.
 */
@Component(service = CibStore.class, configurationPid = "io.tandem.cib", immediate = true)
@Designate(ocd = CibStoreConfig.class)
public final class CibStoreComponent implements CibStore {
    private static final Logger LOG = LoggerFactory.getLogger(CibStoreComponent.class);

    private final EventLoop loop;
    private final CibStoreEngine engine;
    private final Map<CibListener, AutoCloseable> whiteboard = new ConcurrentHashMap<>();

    @Activate
    public CibStoreComponent(CibStoreConfig config) throws CibLoadException, IOException {
        Path directory = directory(config.directory(), System.getProperty("karaf.data"));
        loop = new EventLoop("tandem-cib");
        try {
            engine = new CibStoreEngine(loop, new CibFiles(directory, config.backupCount(), loop::currentTimeMillis,
                    config.validateWith()), config.statusWriteDelayMillis());
        } catch (CibLoadException | IOException | RuntimeException e) {
            loop.close();
            LOG.error("The CIB store cannot start: {}", e.getMessage());
            throw e;
        }
    }

    /** {@code ""} means {@code ${karaf.data}/tandem/cib}. */
    static Path directory(String configured, String karafData) {
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured.trim());
        }
        if (karafData == null || karafData.isBlank()) {
            throw new IllegalArgumentException("directory is empty and karaf.data is not set: configure directory in io.tandem.cib");
        }
        return Path.of(karafData, "tandem", "cib");
    }

    @Deactivate
    void deactivate() {
        engine.close();
        loop.close();
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void bindCibListener(CibListener listener) {
        whiteboard.put(listener, engine.addListener(listener));
    }

    void unbindCibListener(CibListener listener) {
        AutoCloseable registration = whiteboard.remove(listener);
        if (registration != null) {
            try {
                registration.close();
            } catch (Exception e) {
                LOG.debug("Closing CIB listener registration failed", e);
            }
        }
    }

    @Override
    public Cib current() {
        return engine.current();
    }

    @Override
    public CibEvent apply(CibUpdate update) throws CibUpdateException {
        return engine.apply(update);
    }

    @Override
    public CibEvent receive(CibPatch patch) throws CibPatchException, IOException {
        return engine.receive(patch);
    }

    @Override
    public CibEvent replace(Cib cib, boolean force) throws CibParseException, IOException {
        return engine.replace(cib, force);
    }

    @Override
    public AutoCloseable addListener(CibListener listener) {
        return engine.addListener(listener);
    }
}
