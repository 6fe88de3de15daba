package io.tandem.executor.internal;

import java.io.IOException;
import java.lang.reflect.Proxy;
import java.util.Map;

/** {@link ExecutorConfig} instances for tests: the annotation's defaults with some settings overridden. */
final class TestConfigs {
    private TestConfigs() {
    }

    static ExecutorConfig config(Map<String, Object> overrides) {
        return (ExecutorConfig) Proxy.newProxyInstance(ExecutorConfig.class.getClassLoader(),
                new Class<?>[] {ExecutorConfig.class}, (proxy, method, args) -> {
                    if (overrides.containsKey(method.getName())) {
                        return overrides.get(method.getName());
                    }
                    if (method.getName().equals("annotationType")) {
                        return ExecutorConfig.class;
                    }
                    if (method.getDefaultValue() != null) {
                        return method.getDefaultValue();
                    }
                    return switch (method.getName()) {
                        case "hashCode" -> System.identityHashCode(proxy);
                        case "equals" -> proxy == args[0];
                        case "toString" -> "ExecutorConfig" + overrides;
                        default -> throw new UnsupportedOperationException(method.getName());
                    };
                });
    }

    static ExecutorSettings settings(Map<String, Object> overrides) {
        try {
            return ExecutorSettings.from(config(overrides), null);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
