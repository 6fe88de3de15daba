package io.tandem.importers.internal;

import java.util.Arrays;
import java.util.Collections;
import java.util.Dictionary;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.Hashtable;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

/** Plain configurations in a map; enough of ConfigAdmin for the importer, which only gets and updates by PID. */
final class InMemoryConfigurationAdmin implements ConfigurationAdmin {
    private final Map<String, InMemoryConfiguration> configurations = new HashMap<>();

    /** The stored properties, or null if the PID was never updated. */
    Map<String, Object> properties(String pid) {
        InMemoryConfiguration configuration = configurations.get(pid);
        return configuration == null || configuration.properties == null ? null : toMap(configuration.properties);
    }

    long changeCount(String pid) {
        InMemoryConfiguration configuration = configurations.get(pid);
        return configuration == null ? 0 : configuration.changeCount;
    }

    void put(String pid, Map<String, Object> properties) {
        configurations.computeIfAbsent(pid, InMemoryConfiguration::new).update(new Hashtable<>(properties));
    }

    @Override
    public Configuration getConfiguration(String pid, String location) {
        return configurations.computeIfAbsent(pid, InMemoryConfiguration::new);
    }

    @Override
    public Configuration getConfiguration(String pid) {
        return getConfiguration(pid, null);
    }

    @Override
    public Configuration createFactoryConfiguration(String factoryPid) {
        throw new UnsupportedOperationException("the importer uses no factory configurations");
    }

    @Override
    public Configuration createFactoryConfiguration(String factoryPid, String location) {
        throw new UnsupportedOperationException("the importer uses no factory configurations");
    }

    @Override
    public Configuration getFactoryConfiguration(String factoryPid, String name, String location) {
        throw new UnsupportedOperationException("the importer uses no factory configurations");
    }

    @Override
    public Configuration getFactoryConfiguration(String factoryPid, String name) {
        throw new UnsupportedOperationException("the importer uses no factory configurations");
    }

    @Override
    public Configuration[] listConfigurations(String filter) {
        return configurations.values().stream().filter(c -> c.properties != null).toArray(Configuration[]::new);
    }

    private static Map<String, Object> toMap(Dictionary<String, Object> dictionary) {
        Map<String, Object> map = new HashMap<>();
        for (Enumeration<String> keys = dictionary.keys(); keys.hasMoreElements(); ) {
            String key = keys.nextElement();
            map.put(key, dictionary.get(key));
        }
        return map;
    }

    private static final class InMemoryConfiguration implements Configuration {
        private final String pid;
        private Dictionary<String, Object> properties;
        private long changeCount;

        InMemoryConfiguration(String pid) {
            this.pid = pid;
        }

        @Override
        public String getPid() {
            return pid;
        }

        @Override
        public Dictionary<String, Object> getProperties() {
            return properties == null ? null : new Hashtable<>(toMap(properties));
        }

        @Override
        public Dictionary<String, Object> getProcessedProperties(ServiceReference<?> reference) {
            return getProperties();
        }

        @Override
        public void update(Dictionary<String, ?> newProperties) {
            Hashtable<String, Object> copy = new Hashtable<>();
            for (Enumeration<String> keys = newProperties.keys(); keys.hasMoreElements(); ) {
                String key = keys.nextElement();
                copy.put(key, newProperties.get(key));
            }
            copy.put("service.pid", pid);
            properties = copy;
            changeCount++;
        }

        @Override
        public boolean updateIfDifferent(Dictionary<String, ?> newProperties) {
            if (properties != null && sameContent(properties, newProperties)) {
                return false;
            }
            update(newProperties);
            return true;
        }

        private static boolean sameContent(Dictionary<String, Object> current, Dictionary<String, ?> proposed) {
            Map<String, Object> a = toMap(current);
            a.remove("service.pid");
            Map<String, Object> b = new HashMap<>();
            for (Enumeration<String> keys = proposed.keys(); keys.hasMoreElements(); ) {
                String key = keys.nextElement();
                b.put(key, proposed.get(key));
            }
            b.remove("service.pid");
            if (!a.keySet().equals(b.keySet())) {
                return false;
            }
            return a.keySet().stream().allMatch(k -> Objects.deepEquals(a.get(k), b.get(k)));
        }

        @Override
        public void delete() {
            properties = null;
        }

        @Override
        public String getFactoryPid() {
            return null;
        }

        @Override
        public void update() {
            changeCount++;
        }

        @Override
        public void setBundleLocation(String location) {
        }

        @Override
        public String getBundleLocation() {
            return null;
        }

        @Override
        public long getChangeCount() {
            return changeCount;
        }

        @Override
        public void addAttributes(ConfigurationAttribute... attrs) {
        }

        @Override
        public Set<ConfigurationAttribute> getAttributes() {
            return Collections.emptySet();
        }

        @Override
        public void removeAttributes(ConfigurationAttribute... attrs) {
        }

        @Override
        public String toString() {
            return pid + (properties == null ? " (new)" : " " + Arrays.toString(toMap(properties).entrySet().toArray()));
        }
    }
}
